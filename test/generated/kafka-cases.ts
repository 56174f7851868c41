// Generated kafka-agent pods: every variable of the settings schema (agents/kafka/settings.ts, so a new one
// is covered the day it is added, from its documented example), the broker properties of a ZooKeeper-mode
// or KRaft pod, arbitrary other KAFKA_* names (valid, hostile, through _FILE), a hostname, and noise.
import fc from 'fast-check';
import { isBrokerPropertyVariable } from '../../agents/kafka/broker-properties.ts';
import { kafkaVariables } from '../../agents/kafka/settings.ts';
import {
  ROOT,
  agentValidValues,
  anyCase,
  blankFileContent,
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
  spoil,
  setting,
  unrelatedEnv,
  wholeNumber,
  type GeneratedHost,
  type Setting,
} from './arbitraries.ts';

export type KafkaName = keyof typeof kafkaVariables;
/**
 * The variables generated pods set: all but the TLS Secret's. A valid AGENT_TLS_DIR is a mounted Secret
 * made by openssl, and its refusals name the files in it, not a variable: TLS has its own golden cases
 * (test/golden/kafka-tls) and refusals (test/integration/kafka-tls-kraft.test.ts).
 */
const TLS_NAMES: readonly string[] = ['AGENT_TLS_DIR', 'AGENT_TLS_NAMES'];
export const KAFKA_NAMES = (Object.keys(kafkaVariables) as KafkaName[]).filter(
  (name) => !TLS_NAMES.includes(name),
);

export type KafkaMode = 'zookeeper' | 'combined' | 'controller' | 'broker';

export interface KafkaCase {
  readonly mode: KafkaMode;
  readonly host: GeneratedHost;
  /** The schema's variables. */
  readonly settings: Partial<Record<KafkaName, Setting>>;
  /** KAFKA_* broker properties, by variable name (a `_FILE` setting reads the value from a file). */
  readonly properties: Readonly<Record<string, Setting>>;
  readonly noise: Readonly<Record<string, string>>;
}

/** Properties the agent reads or derives itself: never generated as "any other property". */
const INTERPRETED = new Set([
  'broker.id',
  'node.id',
  'process.roles',
  'zookeeper.connect',
  'controller.listener.names',
  'listeners',
  'advertised.listeners',
  'listener.security.protocol.map',
  'log.dirs',
  'controller.quorum.voters',
  'controller.quorum.bootstrap.servers',
  'metadata.log.dir',
]);

/**
 * The Apache/Confluent rule, KAFKA_A__B___C → a_b-c, stated independently of the agent's
 * propertyName (a copy of it could not catch its bugs): each run of n underscores, read left to right,
 * is ⌊n/3⌋ dashes, then a dot for one left over or an underscore for two.
 */
export function ruleKey(variable: string): string {
  const rest = ['', '.', '_'] as const;
  return variable
    .slice('KAFKA_'.length)
    .toLowerCase()
    .replace(/_+/g, (run) => '-'.repeat(Math.floor(run.length / 3)) + rest[run.length % 3]);
}

const segment = fc
  .tuple(
    fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    fc.string({ unit: fc.constantFrom(...'ABCXYZ0189'), maxLength: 6 }),
  )
  .map(([first, rest]) => first + rest);
const separator = fc.oneof({ weight: 6, arbitrary: fc.constant('_') }, fc.constantFrom('__', '___'));
/** A KAFKA_* name that maps to a property no agent logic reads (`KAFKA_NUM_NETWORK_THREADS`-like). */
const otherPropertyName = fc
  .tuple(segment, fc.array(fc.tuple(separator, segment), { maxLength: 3 }))
  .map(([first, rest]) => `KAFKA_${first}${rest.map(([sep, seg]) => sep + seg).join('')}`)
  .filter(
    (name) =>
      !name.endsWith('_FILE') &&
      isBrokerPropertyVariable(name, undefined) &&
      !INTERPRETED.has(ruleKey(name)) &&
      !(name in kafkaVariables),
  );
/** A value a property may hold: printable, unchanged by trimming, no $(…) (the agent expands those). */
const propertyValue = printableText(20).filter((text) => text.trim() === text && !text.includes('$('));
/** KAFKA_ names nobody should write: lower case, unicode, empty segments, a trailing _. */
const hostilePropertyName = fc.oneof(
  fc
    .string({ unit: fc.constantFrom(...'ABZ_az09.-'), minLength: 1, maxLength: 12 })
    .map((rest) => `KAFKA_${rest}`),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }).map((rest) => `KAFKA_${rest}`),
  fc.constantFrom(
    'KAFKA_',
    'KAFKA__',
    'KAFKA_A_',
    'KAFKA_FILE',
    'KAFKA_X_FILE_FILE',
    'KAFKA_\u212a',
    'KAFKA_LISTENERS_FILE',
  ),
);

interface Base {
  readonly mode: KafkaMode;
  readonly sts: string;
  readonly replicas: number;
  readonly ordinal: number;
  readonly offset: number;
  readonly domain: string;
  /** AGENT_PORT and AGENT_JMX_EXPORTER_PORT: apart from each other and the default listeners'. */
  readonly ports: readonly number[];
}

const base: fc.Arbitrary<Base> = fc
  .record({
    mode: fc.constantFrom<KafkaMode>('zookeeper', 'zookeeper', 'combined', 'controller', 'broker'),
    sts: dnsLabel,
    replicas: fc.integer({ min: 1, max: 5 }),
    offset: fc.integer({ min: 1, max: 5 }),
    domain: dnsDomain,
    ports: fc.uniqueArray(
      fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 9092 && p !== 9093),
      {
        minLength: 2,
        maxLength: 2,
      },
    ),
  })
  .chain((b) => fc.integer({ min: 0, max: b.replicas - 1 }).map((ordinal) => ({ ...b, ordinal })));

const clusterId = fc
  .string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
    minLength: 22,
    maxLength: 22,
  })
  .filter((id) => id !== 'AAAAAAAAAAAAAAAAAAAAAA' && id !== 'AAAAAAAAAAAAAAAAAAAAAQ');

function validValues(b: Base): Partial<Record<KafkaName, fc.Arbitrary<string>>> {
  return {
    AGENT_PORT: fc.constant(String(b.ports[0])),
    AGENT_HOST: fc.constantFrom('0.0.0.0', '127.0.0.1', '::'),
    ...agentValidValues(b),
    AGENT_CONF_DIR: rootedPath('kconf'),
    AGENT_REPLICAS: fc.constant(String(b.replicas)),
    AGENT_KAFKA_PORT: wholeNumber(1, 65535),
    AGENT_JMX_EXPORTER_PORT: fc.constant(String(b.ports[1])),
    AGENT_READY_IN_SYNC: fc.constantFrom('true', 'false').chain(anyCase),
    CLUSTER_ID: clusterId,
    KAFKA_HOME: readOnlyPath,
    KAFKA_HEAP_OPTS: fc.constantFrom('-Xmx512m -Xms512m', '-Xmx1G'),
    KAFKA_JVM_PERFORMANCE_OPTS: fc.constantFrom('-server -XX:+UseG1GC'),
    KAFKA_OPTS: fc.constantFrom('-Dx=a=b', '-javaagent:/opt/x.jar=9404:/opt/c.yaml'),
    KAFKA_LOG4J_ROOT_LOGLEVEL: fc
      .constantFrom('TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'OFF')
      .chain(anyCase),
    JAVA_HOME: readOnlyPath,
  };
}

/**
 * Set in few pods: the agent's SCRAM user and password file work only together and with a file that
 * holds a password, so a pod with either alone is refused; set as often as the others, they left too
 * few pods to write.
 */
const RARELY_SET: readonly KafkaName[] = ['AGENT_KAFKA_SASL_USERNAME', 'AGENT_KAFKA_SASL_PASSWORD_FILE'];

/** Set in almost every pod of its kind: without them it cannot work. */
function oftenSet(b: Base): Set<KafkaName> {
  const names = new Set<KafkaName>(['AGENT_DOMAIN']);
  if (b.mode !== 'zookeeper') names.add('CLUSTER_ID');
  if (b.mode === 'combined' || b.mode === 'controller') names.add('AGENT_REPLICAS');
  return names;
}

function settingsFor(b: Base): fc.Arbitrary<Partial<Record<KafkaName, Setting>>> {
  const values = validValues(b);
  const often = oftenSet(b);
  const ways = KAFKA_NAMES.map((name) =>
    setting(
      values[name] ?? fc.constant(kafkaVariables[name].doc.example),
      name === 'AGENT_CONF_DIR' ? hostileText.map((text) => `${ROOT}/${text}`) : hostileText,
      { blankFile: name !== 'AGENT_CONF_DIR' },
    ),
  );
  const validOrUnset = KAFKA_NAMES.map((name, i) =>
    RARELY_SET.includes(name)
      ? fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: ways[i]!.valid })
      : fc.option(ways[i]!.valid, { freq: often.has(name) ? 20 : 2, nil: undefined }),
  );
  return schemaSettings(KAFKA_NAMES, ways, validOrUnset);
}

/** The broker properties a pod of this mode needs, valid; then other properties and hostile ones. */
function propertiesFor(b: Base): fc.Arbitrary<Record<string, Setting>> {
  const env = (value: fc.Arbitrary<string>) => setting(value);
  const needed: Record<string, ReturnType<typeof setting>> = {};
  const optional: Record<string, ReturnType<typeof setting>> = {
    KAFKA_LOG_DIRS: setting(
      fc.array(rootedPath('logs'), { minLength: 1, maxLength: 2 }).map((dirs) => dirs.join(',')),
      hostileText,
      { blankFile: false },
    ),
  };
  if (b.mode === 'zookeeper') {
    needed.KAFKA_ZOOKEEPER_CONNECT = env(
      fc.constantFrom('zk-0.zk-hs:2181', 'zk-0.zk-hs:2181,zk-1.zk-hs:2181/kafka'),
    );
    optional.KAFKA_BROKER_ID = env(fc.constantFrom(`${b.sts}-${b.ordinal}`, String(b.ordinal + b.offset)));
  } else {
    const roles = { combined: 'broker,controller', controller: 'controller', broker: 'broker' }[b.mode];
    needed.KAFKA_PROCESS_ROLES = env(fc.constantFrom(roles, roles.toUpperCase(), roles.replace(',', ' , ')));
    if (b.mode === 'broker') {
      needed.KAFKA_CONTROLLER_QUORUM_VOTERS = env(
        fc.constant('100@ctl-0.ctl-hs.svc:9093,101@ctl-1.ctl-hs.svc:9093,102@ctl-2.ctl-hs.svc:9093'),
      );
    }
  }
  if (b.mode !== 'controller') {
    // The handbook's literal $(hostname -f), which Kubernetes leaves alone (kubernetes #57726).
    optional.KAFKA_ADVERTISED_LISTENERS = env(
      fc.constantFrom('PLAINTEXT://$(hostname -f):9092', 'PLAINTEXT://$(hostname):9092'),
    );
  }
  const others = fc.uniqueArray(fc.tuple(otherPropertyName, propertyValue), {
    selector: ([name]) => ruleKey(name),
    maxLength: 4,
  });
  // Secret files end with a newline, or are blank (an empty Secret key): then they set nothing, and the
  // pod must still be written.
  const secretContent = fc.oneof(
    { weight: 3, arbitrary: propertyValue.map((value) => `${value}\n`) },
    { weight: 1, arbitrary: blankFileContent },
  );
  const secrets = fc.uniqueArray(fc.tuple(otherPropertyName, secretContent), {
    selector: ([name]) => ruleKey(name),
    maxLength: 1,
  });
  const hostile = fc.dictionary(fc.oneof(hostilePropertyName, otherPropertyName), hostileText, {
    maxKeys: 2,
  });
  const names = [...Object.keys(needed), ...Object.keys(optional)];
  const ways = { ...needed, ...optional };
  return fc
    .record({
      given: fc.tuple(
        ...Object.keys(needed).map((name) => fc.option(ways[name]!.valid, { freq: 20, nil: undefined })),
        ...Object.keys(optional).map((name) => fc.option(ways[name]!.valid, { freq: 2, nil: undefined })),
      ),
      spoiled: spoil(names).chain((spoiledNames) =>
        fc.tuple(...spoiledNames.map((name) => ways[name]!.hostile.map((s) => [name, s] as const))),
      ),
      others,
      secrets,
      hostile: fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: hostile }),
    })
    .map(({ given, spoiled, others: plain, secrets: files, hostile: bad }) => {
      const out: Record<string, Setting> = {};
      given.forEach((s, i) => {
        if (s) out[names[i]!] = s;
      });
      for (const [name, s] of spoiled) out[name] = s;
      for (const [name, value] of plain) out[name] ??= { via: 'env', value, valid: true };
      for (const [name, content] of files)
        out[name] ??= { via: 'file', file: { kind: 'file', content }, valid: true };
      for (const [name, value] of Object.entries(bad)) out[name] ??= { via: 'env', value, valid: false };
      return out;
    });
}

function hostFor(b: Base): fc.Arbitrary<GeneratedHost> {
  const pod = podHosts(b);
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(pod.short) },
    { weight: 4, arbitrary: fc.constant(pod.fqdn) },
    { weight: 1, arbitrary: hostileHostname },
  );
}

export const kafkaCase: fc.Arbitrary<KafkaCase> = base.chain((b) =>
  fc.record({
    mode: fc.constant(b.mode),
    host: hostFor(b),
    settings: settingsFor(b),
    properties: propertiesFor(b),
    noise: fc.tuple(serviceLinks, unrelatedEnv).map(([links, other]) => ({ ...other, ...links })),
  }),
);
