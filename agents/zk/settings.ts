// Every variable zk-agent reads, with its default: the handbook's ZK_* names verbatim (its manifests' env
// carries over unchanged), the agent's own AGENT_* settings, and the additions the README explains
// (ZK_CFG_EXTRA, ZK_LIB_DIR, SERVER_JVMFLAGS, JAVA_HOME). The README's variable table is generated from
// this object.
import { agentVariables } from '../core/agent-settings.ts';
import { listCheck, textCheck, vars, type Parsed } from '../core/env.ts';

const PATH = { pattern: /^\/[^\s]*$/, patternWords: 'an absolute path without spaces' };
// With a unit: a bare number is bytes to the JVM, and -Xmx512 refuses to start.
const HEAP = /^[1-9]\d*[kKmMgG]$/;
export const ZK_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'OFF'] as const;
/** Four-letter words the agent itself needs; always whitelisted (ZooKeeper >= 3.5.3 blocks the rest). */
export const REQUIRED_FOUR_LETTER_WORDS = ['ruok', 'mntr', 'srvr'] as const;

export const zkVariables = {
  ...agentVariables(9141),
  ZK_REPLICAS: vars.integer(1, 255, undefined, {
    description:
      "Servers in the ensemble (the StatefulSet's replicas). Required: a StatefulSet that forgets it must not become N standalone servers.",
    example: '3',
  }),
  ZK_HEAP_SIZE: vars.custom(textCheck(HEAP, 'a JVM heap size such as 512M or 1G'), '1G', {
    description: 'JVM heap (-Xms and -Xmx), written to java.env.',
    example: '1G',
    defaultText: '1G',
  }),
  ZK_TICK_TIME: vars.integer(1, 60_000, 2000, { description: 'tickTime, in milliseconds.', example: '2000' }),
  ZK_INIT_LIMIT: vars.integer(1, 100_000, 10, { description: 'initLimit, in ticks.', example: '10' }),
  ZK_SYNC_LIMIT: vars.integer(1, 100_000, 5, { description: 'syncLimit, in ticks.', example: '5' }),
  ZK_MAX_CLIENT_CNXNS: vars.integer(0, 1_000_000, 60, {
    description: 'maxClientCnxns per client address (0 = unlimited).',
    example: '60',
  }),
  ZK_SNAP_RETAIN_COUNT: vars.integer(3, 1_000_000, 3, {
    description: 'autopurge.snapRetainCount (ZooKeeper keeps at least 3).',
    example: '3',
  }),
  ZK_PURGE_INTERVAL: vars.integer(0, 1_000_000, 0, {
    description: 'autopurge.purgeInterval, in hours (0 = never).',
    example: '24',
  }),
  ZK_CLIENT_PORT: vars.port(2181, {
    description: "clientPort; the agent's checks connect to 127.0.0.1 on it.",
    example: '2181',
  }),
  ZK_SECURE_CLIENT_PORT: vars.port(2281, {
    description:
      "secureClientPort, used when AGENT_TLS_DIR is set: then it is ZooKeeper's only client port (no clientPort is written), and the agent's checks connect to 127.0.0.1 on it over TLS with the pod's certificate.",
    example: '2281',
  }),
  ZK_SERVER_PORT: vars.port(2888, { description: 'Quorum port of each server line.', example: '2888' }),
  ZK_ELECTION_PORT: vars.port(3888, {
    description: 'Leader election port of each server line.',
    example: '3888',
  }),
  ZK_DATA_DIR: vars.text('/var/lib/zookeeper/data', {
    description: 'dataDir (snapshots and myid): a persistent volume.',
    example: '/var/lib/zookeeper/data',
    ...PATH,
  }),
  ZK_DATA_LOG_DIR: vars.text('/var/lib/zookeeper/log', {
    description: 'dataLogDir (transaction log).',
    example: '/var/lib/zookeeper/log',
    ...PATH,
  }),
  ZK_CONF_DIR: vars.text('/opt/zookeeper/conf', {
    description: 'Where zoo.cfg, java.env and logback.xml are written (`--conf-dir` overrides).',
    example: '/opt/zookeeper/conf',
    ...PATH,
  }),
  ZK_LOG_LEVEL: vars.choice(ZK_LOG_LEVELS, 'INFO', {
    description: "ZooKeeper's root log level (logback.xml).",
    example: 'INFO',
  }),
  ZK_MIN_SESSION_TIMEOUT: vars.optionalInteger(1, 10_000_000, {
    description: 'minSessionTimeout, in milliseconds.',
    example: '4000',
    defaultText: '2 × ZK_TICK_TIME',
  }),
  ZK_MAX_SESSION_TIMEOUT: vars.optionalInteger(1, 10_000_000, {
    description: 'maxSessionTimeout, in milliseconds.',
    example: '40000',
    defaultText: '20 × ZK_TICK_TIME',
  }),
  ZK_4LW_WHITELIST: vars.custom(listCheck(/^([a-z]{4}|\*)$/, 'a four-letter word such as stat, or *'), [], {
    description:
      '4lw.commands.whitelist: words allowed besides ruok, mntr and srvr, which the agent always adds.',
    example: 'ruok,mntr,srvr,stat,conf',
    defaultText: 'ruok,mntr,srvr',
  }),
  ZK_CFG_EXTRA: vars.custom(extraCheck, [], {
    description:
      "Other zoo.cfg keys, as space-separated key=value pairs (like the docker-library image's ZOO_CFG_EXTRA). Keys the agent manages are refused.",
    example: 'snapCount=100000 globalOutstandingLimit=2000',
    defaultText: '(none)',
  }),
  ZK_LIB_DIR: vars.text('/opt/zookeeper/lib', {
    description:
      'Directory of the ZooKeeper jars; `run` starts QuorumPeerMain with <dir>/* on the classpath.',
    example: '/opt/zookeeper/lib',
    ...PATH,
  }),
  SERVER_JVMFLAGS: vars.custom(textCheck(), '', {
    description: 'Extra JVM flags for the server started by `run`, as zkServer.sh reads them.',
    example: '-XX:+UseG1GC',
    defaultText: '(none)',
  }),
  JAVA_HOME: vars.optional(textCheck(PATH.pattern, PATH.patternWords), {
    description: '`run` starts $JAVA_HOME/bin/java; unset: `java` from PATH.',
    example: '/usr/lib/jvm/java-17-openjdk-amd64',
  }),
};

export type ZkSettings = Parsed<typeof zkVariables>;

/**
 * zoo.cfg keys the agent writes from its own variables: setting them through ZK_CFG_EXTRA would give two
 * values for one key, and the operator a surprise. Mapped to the variable to use instead.
 */
const MANAGED_KEYS: Readonly<Record<string, string>> = {
  clientPort: 'ZK_CLIENT_PORT',
  dataDir: 'ZK_DATA_DIR',
  dataLogDir: 'ZK_DATA_LOG_DIR',
  tickTime: 'ZK_TICK_TIME',
  initLimit: 'ZK_INIT_LIMIT',
  syncLimit: 'ZK_SYNC_LIMIT',
  maxClientCnxns: 'ZK_MAX_CLIENT_CNXNS',
  minSessionTimeout: 'ZK_MIN_SESSION_TIMEOUT',
  maxSessionTimeout: 'ZK_MAX_SESSION_TIMEOUT',
  'autopurge.snapRetainCount': 'ZK_SNAP_RETAIN_COUNT',
  'autopurge.purgeInterval': 'ZK_PURGE_INTERVAL',
  '4lw.commands.whitelist': 'ZK_4LW_WHITELIST',
  'server.<N>': 'ZK_REPLICAS (the server list is derived)',
  // TLS is AGENT_TLS_DIR's: the agent writes these from the mounted Secret, checked, and keeps them in
  // step with its rotation. Any of them by hand would half-configure it (a keystore ZooKeeper reads but
  // the agent does not check or renew, a password for a key the agent writes unencrypted).
  secureClientPort: 'ZK_SECURE_CLIENT_PORT (with AGENT_TLS_DIR)',
  sslQuorum: 'AGENT_TLS_DIR',
  sslQuorumReloadCertFiles: 'AGENT_TLS_DIR',
  'client.certReload': 'AGENT_TLS_DIR',
  'authProvider.x509': 'AGENT_TLS_DIR',
  'ssl.clientAuth': 'AGENT_TLS_DIR',
  'ssl.<store>': 'AGENT_TLS_DIR (the keystore and truststore are written from the mounted Secret)',
};

/** ssl.keyStore.location, ssl.quorum.trustStore.password, …: the stores the agent writes and renews. */
const STORE_KEY = /^ssl\.(quorum\.)?(keyStore|trustStore)\./;

function managedBy(key: string): string | undefined {
  const entry = /^server\./.test(key) ? 'server.<N>' : STORE_KEY.test(key) ? 'ssl.<store>' : key;
  // Own keys only: `constructor` or `toString` is an operator's key, not one of the object's methods.
  return Object.hasOwn(MANAGED_KEYS, entry) ? MANAGED_KEYS[entry] : undefined;
}

/**
 * zoo.cfg keys that are fine without TLS but would undo it with AGENT_TLS_DIR set: ZK_CFG_EXTRA may not
 * set them then (config.ts checks, as only it sees both variables). Mapped to why.
 */
export const TLS_MANAGED_KEYS: Readonly<Record<string, string>> = {
  // The secure client port exists only on Netty: NIO would refuse to start with secureClientPort.
  serverCnxnFactory: 'the secure client port needs the Netty factory, which the agent writes',
  // Port unification accepts plaintext on the TLS port: a plaintext path past the certificate checks.
  'client.portUnification': 'it would accept plaintext clients on the TLS-only client port',
  portUnification: 'it would accept plaintext peers on the TLS-only quorum ports',
};

function extraCheck(raw: string) {
  const text = textCheck()(raw);
  if (!text.ok) return text;
  const pairs: (readonly [string, string])[] = [];
  // At ASCII spaces only (tabs are refused with the other control characters): JavaScript's \s also
  // splits at U+00A0 or U+FEFF, turning one value into a second key the operator did not write.
  for (const item of raw.split(/ +/).filter((part) => part !== '')) {
    // `s`: a value may hold U+2028/U+2029, which `.` alone does not match (Java reads them as text).
    const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)=(.+)$/s.exec(item);
    // The item is shown only when the value is not a secret: it may hold one (ssl.keyStore.password=…).
    if (!match) return { ok: false as const, message: 'has an item that is not key=value', offending: item };
    const key = match[1]!;
    const managed = managedBy(key);
    if (managed)
      return { ok: false as const, message: `sets ${key}, which the agent writes itself: use ${managed}` };
    if (pairs.some(([seen]) => seen === key)) return { ok: false as const, message: `sets ${key} twice` };
    pairs.push([key, match[2]!]);
  }
  return { ok: true as const, value: Object.freeze(pairs) };
}
