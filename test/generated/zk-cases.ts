// Generated zk-agent pods: every variable of the settings schema (agents/zk/settings.ts, so a new one is
// covered the day it is added, from its documented example), a hostname, noise from Kubernetes and other
// programs, and maybe a myid already on the volume. Plus the oracle: whether the case must succeed, and
// the zoo.cfg it asks for.
import fc from 'fast-check';
import { zkVariables } from '../../agents/zk/settings.ts';
import {
  ROOT,
  agentValidValues,
  anyCase,
  dnsDomain,
  dnsLabel,
  hostileHostname,
  hostileText,
  podHosts,
  printableText,
  readOnlyPath,
  rootedPath,
  schemaSettings,
  serviceLinks,
  setting,
  unrelatedEnv,
  wholeNumber,
  type GeneratedHost,
  type Setting,
} from './arbitraries.ts';

export type ZkName = keyof typeof zkVariables;
/**
 * The variables generated pods set: all but the TLS Secret's. A valid AGENT_TLS_DIR is a mounted Secret
 * made by openssl, and its refusals name the files in it, not a variable: TLS has its own golden cases
 * (test/golden/zk/tls-*) and refusals (test/zk/tls-bad-material.test.ts).
 */
const TLS_NAMES: readonly string[] = ['AGENT_TLS_DIR', 'AGENT_TLS_NAMES'];
export const ZK_NAMES = (Object.keys(zkVariables) as ZkName[]).filter((name) => !TLS_NAMES.includes(name));

export interface ZkCase {
  readonly host: GeneratedHost;
  readonly settings: Partial<Record<ZkName, Setting>>;
  readonly noise: Readonly<Record<string, string>>;
  /** Pass --conf-dir {root}/conf; otherwise ZK_CONF_DIR (always below the case dir) says where. */
  readonly confDirFlag: boolean;
  /**
   * 'unwritable': the data dir reads fine but refuses the myid (a directory where the temp file goes):
   * how a read-only or full volume looks, which cannot be made here as root.
   */
  readonly myidOnDisk: 'none' | 'same' | 'same-zero-padded' | 'other' | 'empty' | 'garbage' | 'unwritable';
}

/** zoo.cfg keys the agent writes itself (refused in ZK_CFG_EXTRA). */
const MANAGED = new Set([
  'clientPort',
  'dataDir',
  'dataLogDir',
  'tickTime',
  'initLimit',
  'syncLimit',
  'maxClientCnxns',
  'minSessionTimeout',
  'maxSessionTimeout',
  'autopurge.snapRetainCount',
  'autopurge.purgeInterval',
  '4lw.commands.whitelist',
]);

const cfgKey = fc
  .tuple(
    fc.constantFrom(...'abcXYZ019'),
    fc.string({ unit: fc.constantFrom(...'abcdefXYZ0129._-'), maxLength: 14 }),
  )
  .map(([first, rest]) => first + rest)
  .filter((key) => !MANAGED.has(key) && !key.startsWith('server.'));
/** A ZK_CFG_EXTRA value: anything printable but the ASCII space that separates items. */
const cfgValue = printableText(12)
  .map((text) => text.replaceAll(' ', ''))
  // The agent trims the whole variable as JavaScript does (U+00A0, U+3000… too): not at a value's end.
  .filter((text) => text !== '' && text.trim() === text);
const cfgExtra = fc
  .tuple(
    fc.uniqueArray(fc.tuple(cfgKey, cfgValue), { selector: ([key]) => key, maxLength: 4 }),
    fc.constantFrom(' ', '  '),
  )
  .map(([pairs, gap]) => pairs.map(([key, value]) => `${key}=${value}`).join(gap));

interface Base {
  readonly sts: string;
  readonly replicas: number;
  readonly ordinal: number;
  readonly offset: number;
  readonly domain: string;
  readonly ports: readonly number[];
}

const base: fc.Arbitrary<Base> = fc
  .record({
    sts: dnsLabel,
    replicas: fc.integer({ min: 1, max: 7 }),
    offset: fc.integer({ min: 1, max: 5 }),
    domain: dnsDomain,
    ports: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 4, maxLength: 4 }),
  })
  .chain((b) => fc.integer({ min: 0, max: b.replicas - 1 }).map((ordinal) => ({ ...b, ordinal })));

/** A valid value of each variable for this pod; a variable not listed here gets its documented example. */
function validValues(b: Base): Partial<Record<ZkName, fc.Arbitrary<string>>> {
  return {
    AGENT_PORT: fc.constant(String(b.ports[3])),
    AGENT_HOST: fc.constantFrom('0.0.0.0', '127.0.0.1', '::', 'localhost'),
    ...agentValidValues(b),
    ZK_REPLICAS: fc.constant(String(b.replicas)),
    ZK_HEAP_SIZE: fc
      .tuple(fc.integer({ min: 1, max: 4096 }), fc.constantFrom(...'kKmMgG'))
      .map(([n, u]) => `${n}${u}`),
    ZK_TICK_TIME: wholeNumber(1, 60_000),
    ZK_INIT_LIMIT: wholeNumber(1, 100_000),
    ZK_SYNC_LIMIT: wholeNumber(1, 100_000),
    ZK_MAX_CLIENT_CNXNS: wholeNumber(0, 1_000_000),
    ZK_SNAP_RETAIN_COUNT: wholeNumber(3, 1_000_000),
    ZK_PURGE_INTERVAL: wholeNumber(0, 1_000_000),
    ZK_CLIENT_PORT: fc.constant(String(b.ports[0])),
    ZK_SERVER_PORT: fc.constant(String(b.ports[1])),
    ZK_ELECTION_PORT: fc.constant(String(b.ports[2])),
    ZK_DATA_DIR: rootedPath('data'),
    ZK_DATA_LOG_DIR: rootedPath('log'),
    ZK_CONF_DIR: rootedPath('zkconf'),
    ZK_LOG_LEVEL: fc.constantFrom('TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'OFF').chain(anyCase),
    // Valid together: below and above what the defaults can reach from any valid tick.
    ZK_MIN_SESSION_TIMEOUT: wholeNumber(1, 2),
    ZK_MAX_SESSION_TIMEOUT: wholeNumber(1_200_000, 10_000_000),
    ZK_4LW_WHITELIST: fc
      .tuple(
        fc.array(fc.constantFrom('ruok', 'mntr', 'srvr', 'stat', 'conf', 'cons', 'wchs', '*'), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.constantFrom(',', ', ', ' ,'),
      )
      .map(([words, comma]) => words.join(comma)),
    ZK_CFG_EXTRA: cfgExtra.filter((text) => text !== ''),
    ZK_LIB_DIR: readOnlyPath,
    SERVER_JVMFLAGS: fc.constantFrom('-XX:+UseG1GC', '-Dzookeeper.admin.enableServer=true -Dx=a=b'),
    JAVA_HOME: readOnlyPath,
  };
}

/** Variables init writes below: anything hostile is still kept below the case dir. */
const WRITES_BELOW = new Set<ZkName>(['ZK_DATA_DIR', 'ZK_CONF_DIR']);
const hostileFor = (name: ZkName) =>
  WRITES_BELOW.has(name)
    ? fc.oneof(
        hostileText.map((text) => `${ROOT}/${text}`),
        fc.constantFrom('relative/data', 'data', `${ROOT}/with space`),
      )
    : hostileText;

/** Set in almost every pod: without them most StatefulSets cannot work (required, or the peers' domain). */
const OFTEN_SET = new Set<ZkName>(['ZK_REPLICAS', 'AGENT_DOMAIN']);

function settingsFor(b: Base): fc.Arbitrary<Partial<Record<ZkName, Setting>>> {
  const values = validValues(b);
  const ways = ZK_NAMES.map((name) =>
    setting(values[name] ?? fc.constant(zkVariables[name].doc.example), hostileFor(name), {
      blankFile: !WRITES_BELOW.has(name),
    }),
  );
  // Unset (the default) or valid: ZK_DATA_DIR is always given, its default being a real directory here.
  const validOrUnset = ZK_NAMES.map((name, i) =>
    name === 'ZK_DATA_DIR'
      ? ways[i]!.valid
      : fc.option(ways[i]!.valid, { freq: OFTEN_SET.has(name) ? 20 : 2, nil: undefined }),
  );
  return schemaSettings(ZK_NAMES, ways, validOrUnset);
}

function hostFor(b: Base): fc.Arbitrary<GeneratedHost> {
  const pod = podHosts(b);
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(pod.short) },
    { weight: 2, arbitrary: fc.constant(pod.fqdn) },
    // No ordinal in the name: only POD_INDEX can tell it (fine for one server).
    { weight: 1, arbitrary: fc.constant({ hostname: b.sts }) },
    { weight: 1, arbitrary: hostileHostname },
  );
}

export const zkCase: fc.Arbitrary<ZkCase> = base.chain((b) =>
  fc.record({
    host: hostFor(b),
    settings: settingsFor(b),
    noise: fc.tuple(serviceLinks, unrelatedEnv).map(([links, other]) => ({ ...other, ...links })),
    confDirFlag: fc.boolean(),
    myidOnDisk: fc.oneof(
      { weight: 12, arbitrary: fc.constant('none' as const) },
      fc.constantFrom('same', 'same-zero-padded', 'other', 'empty', 'garbage', 'unwritable'),
    ),
  }),
);
