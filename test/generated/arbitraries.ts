// Generators shared by both agents' property tests: values an operator (or Kubernetes) can put in a
// pod's environment, from plausible to hostile. A generated value is either known to be valid (`valid`:
// the case must then succeed, given the rest is valid) or anything at all (`unknown`: the agent may
// accept or refuse it, but must never break a config file or crash).
import fc from 'fast-check';
import { LOG_LEVELS } from '../../agents/core/log-levels.ts';

/** Stands for the case's own temp dir in generated paths; the runner substitutes it. */
export const ROOT = '{root}';

export interface Generated {
  readonly value: string;
  readonly valid: boolean;
}

export const valid = (value: string): Generated => ({ value, valid: true });
export const unknown = (value: string): Generated => ({ value, valid: false });

/** A secret file for `<VAR>_FILE`: its content, or a path that is missing or a directory. */
export type FileSpec =
  | { readonly kind: 'file'; readonly content: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'directory' };

/** How a variable is given: directly, through `<VAR>_FILE`, or both at once (refused). */
export type Setting =
  | { readonly via: 'env'; readonly value: string; readonly valid: boolean }
  | { readonly via: 'file'; readonly file: FileSpec; readonly valid: boolean }
  | { readonly via: 'both'; readonly value: string; readonly file: FileSpec; readonly valid: false };

/** Characters that mean something to java.util.Properties, a shell or a URL. */
const SPECIAL = ['=', ':', '\\', '#', '!', ' ', ',', '@', '$', '(', ')', '"', "'", '/', '%', '{', '}'];
const CONTROL = ['\n', '\r', '\t', '\u0000', '\u0007', '\u001b', '\u007f', '\f', '\v'];
/** Unicode that JavaScript treats as space or line break, but Java's Properties does not. */
const UNICODE_SPACE = ['\u00a0', '\u2028', '\u2029', '\u0085', '\ufeff', '\u3000', '\u200b'];

const special = fc.constantFrom(...SPECIAL);
const control = fc.constantFrom(...CONTROL);

/** Printable text with the characters that break naive property writers, and unicode. */
export const printableText = (maxLength = 40) =>
  fc
    .array(
      fc.oneof(
        { weight: 5, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 4 }) },
        { weight: 2, arbitrary: special },
        { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 2 }) },
        { weight: 1, arbitrary: fc.constantFrom(...UNICODE_SPACE) },
      ),
      { minLength: 1, maxLength },
    )
    .map((parts) => parts.join(''));

/** Anything: control characters, unicode, huge values, service links, numbers out of range. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  printableText(),
  fc.tuple(printableText(8), control, printableText(8)).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '   ', '\t', '0', '-1', '+1', '1.5', '1e3', '0x10', '99999999999999999999'),
  fc.constantFrom('tcp://10.96.0.12:2181', 'tcp://10.96.0.7:9092', 'udp://10.0.0.1:53'),
  fc.constantFrom('$(hostname -f)', '$(POD_NAME)', '${HOSTNAME}', '`id`', '$(rm -rf /)'),
  // Huge: a value no config line should ever need, which must still round-trip or be refused.
  fc
    .tuple(fc.constantFrom('a', '9', 'é', '\\', '='), fc.integer({ min: 1_000, max: 40_000 }))
    .map(([char, count]) => char.repeat(count)),
  fc.integer({ min: -70_000, max: 2_000_000 }).map(String),
);

/**
 * What an empty Secret key mounts as: nothing, a line end, or whitespace only. The agents count it as
 * unset, like a blank variable (docs/configuration.md); once it wrote `key=` (kafka-init.regressions.test.ts).
 */
export const blankFileContent = fc.constantFrom('', '\n', '\r\n', ' ', '  \n', '\t\r\n', ' \n\t\n');

/** Whitespace around a valid value: the agents trim it. */
export const padded = (value: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.constantFrom('', '', '', ' ', '  '), value, fc.constantFrom('', '', '', ' ', '\t'))
    .map(([before, text, after]) => `${before}${text}${after}`);

/** A valid whole number, written as operators do (`+3`, `003`). */
export const wholeNumber = (min: number, max: number) =>
  fc
    .tuple(fc.integer({ min, max }), fc.constantFrom('', '', '', '+', '0'))
    .map(([n, prefix]) => (n < 0 ? String(n) : `${prefix}${n}`));

/** A DNS label (RFC 1123), the shape of a StatefulSet or Service name. */
export const dnsLabel = fc
  .tuple(
    fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
    fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), maxLength: 12 }),
    fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
  )
  .map(([first, middle, last]) => `${first}${middle}${last}`);

export const dnsDomain = fc.array(dnsLabel, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));

/** Where a case puts its files: always below the case's temp dir, so nothing lands on the machine. */
export const rootedPath = (name: string) =>
  fc
    .array(fc.string({ unit: fc.constantFrom(...'abcxyz019._-'), minLength: 1, maxLength: 6 }), {
      maxLength: 2,
    })
    .map((parts) => [ROOT, name, ...parts.filter((part) => part !== '.' && part !== '..')].join('/'));

/** A valid absolute path somewhere that is never written to (JAVA_HOME, KAFKA_HOME, lib dirs). */
export const readOnlyPath = fc.constantFrom('/opt/x', '/usr/lib/jvm/java-17', `${ROOT}/nowhere`, '/');

/** The text in its own, lower and upper case (names and levels the agents read case-blind). */
export const anyCase = (s: string) => fc.constantFrom(s, s.toLowerCase(), s.toUpperCase());

/**
 * Valid values of the agent settings both agents share (agents/core/agent-settings.ts) that depend on the
 * pod alone; AGENT_PORT and AGENT_HOST stay with each agent (its ports, the hosts it listens on).
 */
export function agentValidValues(pod: {
  readonly offset: number;
  readonly domain: string;
  readonly ordinal: number;
}) {
  return {
    AGENT_LOG_LEVEL: fc.constantFrom(...LOG_LEVELS).chain(anyCase),
    AGENT_ID_OFFSET: fc.constant(String(pod.offset)),
    AGENT_DOMAIN: fc.constant(pod.domain),
    POD_INDEX: fc.constant(String(pod.ordinal)),
    AGENT_CHECK_TIMEOUT: wholeNumber(1, 60_000),
  };
}

/**
 * Ways to give a variable: `valid` (a valid value, maybe padded, maybe through a `<VAR>_FILE` secret)
 * and `hostile` (anything, a missing, directory or blank `_FILE`, or both forms at once).
 * `blankFile: false` for a directory init writes into: a blank file is unset, so init would write into
 * its default, a real directory of this machine (a run wrote /var/lib/zookeeper/data/myid, and the next
 * suite's init found it there: AGENT_ERR_IDENTITY_MISMATCH).
 */
export function setting(
  validValue: fc.Arbitrary<string>,
  hostile: fc.Arbitrary<string> = hostileText,
  { blankFile = true }: { blankFile?: boolean } = {},
): { valid: fc.Arbitrary<Setting>; hostile: fc.Arbitrary<Setting> } {
  const fileContent = (value: fc.Arbitrary<string>) =>
    fc
      .tuple(value, fc.constantFrom('', '\n', '\r\n'))
      .map(([text, end]): FileSpec => ({ kind: 'file', content: `${text}${end}` }));
  const missingOrDirectory = fc.constantFrom<FileSpec>({ kind: 'missing' }, { kind: 'directory' });
  const badFile = blankFile
    ? fc.oneof(
        missingOrDirectory,
        blankFileContent.map((content): FileSpec => ({ kind: 'file', content })),
      )
    : missingOrDirectory;
  const viaEnv = (value: fc.Arbitrary<string>, ok: boolean) =>
    value.map((text): Setting => ({ via: 'env', value: text, valid: ok }));
  const viaFile = (file: fc.Arbitrary<FileSpec>, ok: boolean) =>
    file.map((spec): Setting => ({ via: 'file', file: spec, valid: ok }));
  return {
    valid: fc.oneof(
      { weight: 6, arbitrary: viaEnv(padded(validValue), true) },
      { weight: 1, arbitrary: viaFile(fileContent(validValue), true) },
    ),
    hostile: fc.oneof(
      { weight: 4, arbitrary: viaEnv(hostile, false) },
      { weight: 2, arbitrary: viaFile(fc.oneof(badFile, fileContent(hostile)), false) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(validValue, fileContent(validValue))
          .map(([value, file]): Setting => ({ via: 'both', value, file, valid: false })),
      },
    ),
  };
}

/** Which of the names to spoil: most cases a few, some none (a pod that must work), some many. */
export function spoil<N extends string>(names: readonly N[]): fc.Arbitrary<N[]> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant([] as N[]) },
    { weight: 4, arbitrary: fc.subarray([...names], { minLength: 1, maxLength: 2 }) },
    { weight: 1, arbitrary: fc.subarray([...names]) },
  );
}

/**
 * A schema's settings: each name as its `validOrUnset` arbitrary gives it (a valid setting or none), then
 * the names `spoil` picks given their `ways[i].hostile` setting instead.
 */
export function schemaSettings<N extends string>(
  names: readonly N[],
  ways: readonly { readonly hostile: fc.Arbitrary<Setting> }[],
  validOrUnset: readonly fc.Arbitrary<Setting | undefined>[],
): fc.Arbitrary<Partial<Record<N, Setting>>> {
  return fc
    .tuple(fc.tuple(...validOrUnset), spoil(names))
    .chain(([chosen, spoiled]) =>
      fc.tuple(
        fc.constant(chosen),
        fc.constant(spoiled),
        fc.tuple(...spoiled.map((name) => ways[names.indexOf(name)]!.hostile)),
      ),
    )
    .map(([chosen, spoiled, hostile]) => {
      const out: Partial<Record<N, Setting>> = {};
      chosen.forEach((s, i) => {
        if (s) out[names[i]!] = s;
      });
      spoiled.forEach((name, i) => (out[name] = hostile[i]!));
      return out;
    });
}

/** Kubernetes service-link variables for Services of any name (enableServiceLinks defaults to true). */
export const serviceLinks: fc.Arbitrary<Record<string, string>> = fc
  .array(
    fc.tuple(
      fc.constantFrom('KAFKA', 'ZK', 'ZK_CLIENT', 'KAFKA_HS', 'ZOOKEEPER', 'FOO', 'KAFKA_ZOOKEEPER'),
      fc.constantFrom('9092', '2181', '9093', '3888'),
      fc.constantFrom('10.96.0.12', '10.0.0.1'),
    ),
    { maxLength: 3 },
  )
  .map((services) => {
    const env: Record<string, string> = {};
    for (const [svc, port, ip] of services) {
      env[`${svc}_SERVICE_HOST`] = ip;
      env[`${svc}_SERVICE_PORT`] = port;
      env[`${svc}_SERVICE_PORT_CLIENT`] = port;
      env[`${svc}_PORT`] = `tcp://${ip}:${port}`;
      env[`${svc}_PORT_${port}_TCP`] = `tcp://${ip}:${port}`;
      env[`${svc}_PORT_${port}_TCP_PROTO`] = 'tcp';
      env[`${svc}_PORT_${port}_TCP_PORT`] = port;
      env[`${svc}_PORT_${port}_TCP_ADDR`] = ip;
    }
    return env;
  });

/** Variables of other programs in the same pod: never the agent's business. */
export const unrelatedEnv: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.oneof(
    fc.constantFrom('HOME', 'PATH', 'HOSTNAME', 'JAVA_OPTS', 'LANG', 'ZOO_CFG_EXTRA', 'POD_NAME'),
    fc.string({ unit: fc.constantFrom(...'ABCXYZ_019'), minLength: 1, maxLength: 10 }),
  ),
  hostileText,
  { maxKeys: 3 },
);

/**
 * A pod hostname: `<sts>-<N>`, maybe an FQDN (setHostnameAsFQDN), or something that is not a
 * StatefulSet pod's name at all.
 */
export interface GeneratedHost {
  readonly hostname: string;
  /** The statefulset and ordinal it encodes, when it is a well-formed pod name. */
  readonly sts?: string;
  readonly ordinal?: number;
  readonly domain?: string;
}

/** A StatefulSet pod's own hostname, `<sts>-<ordinal>`, and its FQDN in the headless Service's domain. */
export function podHosts(pod: { readonly sts: string; readonly ordinal: number; readonly domain: string }): {
  readonly short: GeneratedHost;
  readonly fqdn: GeneratedHost;
} {
  const name = `${pod.sts}-${pod.ordinal}`;
  return {
    short: { hostname: name, sts: pod.sts, ordinal: pod.ordinal },
    fqdn: { hostname: `${name}.${pod.domain}`, sts: pod.sts, ordinal: pod.ordinal, domain: pod.domain },
  };
}

export const hostileHostname: fc.Arbitrary<GeneratedHost> = fc
  .oneof(
    fc.constantFrom('', 'zk', 'zk-', '-0', 'zk_0', 'zk-0.', 'zk-0..svc', 'zk 0', 'zk-0\n', 'zk-1e3'),
    fc.constantFrom('zk-99999999999999999999', 'zk-9007199254740993', 'zk-00', 'ZK-1', 'a'.repeat(300)),
    printableText(12),
    hostileText,
  )
  .map((hostname) => ({ hostname }));
