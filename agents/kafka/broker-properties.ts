// The KAFKA_* → broker property rule of apache/kafka's and Confluent's images: strip KAFKA_, lower-case,
// then `___` → `-`, `__` → `_`, `_` → `.`. Not mapped: the JVM/script variables
// kafka-run-class.sh reads, KAFKA_HOME, the agent's own KAFKA_LOG4J_* settings, and the service-link
// variables Kubernetes injects for every Service in the namespace (a Service named `kafka` gives
// KAFKA_PORT=tcp://…, which broke Confluent's images: cp-docker-images #388).
import { readSecretFile, shownPath, type Env } from '../core/env.ts';

export interface BrokerProperty {
  readonly value: string;
  /** The variable it came from, named in errors. */
  readonly variable: string;
  /** From a `<VAR>_FILE`, or a name that says password/secret: never echoed in errors, logs or metrics. */
  readonly secret: boolean;
}

export type BrokerProperties = ReadonlyMap<string, BrokerProperty>;

/** kafka-run-class.sh's and kafka-server-start.sh's own variables: flags and paths, not properties. */
const SCRIPT_VARIABLES = new Set([
  'KAFKA_HEAP_OPTS',
  'KAFKA_OPTS',
  'KAFKA_JMX_OPTS',
  'KAFKA_JVM_PERFORMANCE_OPTS',
  'KAFKA_LOG4J_OPTS',
  'KAFKA_GC_LOG_OPTS',
  'KAFKA_LOG_DIR',
  'KAFKA_HOME',
  'KAFKA_DEBUG',
  'KAFKA_CLASSPATH',
]);
/** Prefixes of script variables (KAFKA_JMX_PORT, KAFKA_JMX_HOSTNAME) and the agent's log settings. */
const SCRIPT_PREFIXES = ['KAFKA_JMX_', 'KAFKA_LOG4J_'];

/**
 * Service links: `<SVC>_SERVICE_HOST`, `<SVC>_SERVICE_PORT[_<name>]`, `<SVC>_PORT` (tcp://ip:port) and
 * `<SVC>_PORT_<n>_<PROTO>[_PROTO|_PORT|_ADDR]`, for a Service of any name (kafka, kafka-svc → KAFKA_SVC_…).
 * No broker property ends in `.service.host`, `.service.port` or `.port.<n>.tcp`.
 */
export function isServiceLink(name: string, value: string | undefined): boolean {
  if (/_SERVICE_HOST$/.test(name) || /_SERVICE_PORT(_[A-Z0-9_]+)?$/.test(name)) return true;
  if (/_PORT_\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?$/.test(name)) return true;
  return /_PORT$/.test(name) && /^(tcp|udp|sctp):\/\//.test(value ?? '');
}

export function isBrokerPropertyVariable(name: string, value: string | undefined): boolean {
  if (!name.startsWith('KAFKA_') || name === 'KAFKA_') return false;
  if (SCRIPT_VARIABLES.has(name) || SCRIPT_PREFIXES.some((prefix) => name.startsWith(prefix))) return false;
  return !isServiceLink(name, value);
}

/** `KAFKA_LOG_RETENTION_HOURS` → `log.retention.hours`; `KAFKA_LISTENER_NAME_X___Y__Z` → `listener.name.x-y_z`. */
export function propertyName(variable: string): string {
  return variable
    .slice('KAFKA_'.length)
    .toLowerCase()
    .replaceAll('___', '\u0000')
    .replaceAll('__', '\u0001')
    .replaceAll('_', '.')
    .replaceAll('\u0000', '-')
    .replaceAll('\u0001', '_');
}

const SECRET_NAME = /PASSWORD|SECRET|JAAS|CREDENTIAL|TOKEN|_KEY$/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const KEY = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Every broker property the environment sets. `KAFKA_X_FILE=/path` sets `x` from the file (a Secret);
 * no broker property ends in `.file`. A blank variable or file sets nothing. Problems are collected, one
 * line each, naming the variable and never echoing a secret.
 */
export function brokerPropertiesFromEnv(
  env: Env,
  readFile: (path: string) => string = readSecretFile,
): { properties: BrokerProperties; problems: string[] } {
  const properties = new Map<string, BrokerProperty>();
  const problems: string[] = [];
  const names = Object.keys(env).sort();
  for (const name of names) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    if (!isBrokerPropertyVariable(name, raw)) continue;
    const fromFile = name.endsWith('_FILE');
    const variable = fromFile ? name.slice(0, -'_FILE'.length) : name;
    if (!isBrokerPropertyVariable(variable, undefined)) continue;
    const key = propertyName(variable);
    if (!KEY.test(key) || key.includes('..') || key.endsWith('.')) {
      problems.push(
        `${name} does not name a broker property (${JSON.stringify(key)}): use KAFKA_ and the property in capitals, ` +
          "'.' as '_', '_' as '__', '-' as '___' (e.g. KAFKA_LOG_RETENTION_HOURS=168)",
      );
      continue;
    }
    if (fromFile && env[variable] !== undefined && env[variable]!.trim() !== '') {
      problems.push(`${variable} and ${name} are both set: keep one (the _FILE form for secrets)`);
      continue;
    }
    let value: string;
    if (fromFile) {
      try {
        value = readFile(raw.trim());
      } catch (error) {
        problems.push(
          `${name}=${shownPath(raw.trim())}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error})`,
        );
        continue;
      }
      // An empty (or whitespace-only) Secret is as unset as a blank KAFKA_X= (README: empty values count
      // as unset); kept, it would write `key=`, a key the operator gave no value for.
      if (value.trim() === '') continue;
    } else {
      value = raw.trim();
    }
    const secret = fromFile || SECRET_NAME.test(variable);
    if (CONTROL.test(value)) {
      const shown = secret
        ? fromFile
          ? `<from ${shownPath(raw.trim())}>`
          : '<secret>'
        : JSON.stringify(value);
      problems.push(
        `${variable}=${shown} must be one line of printable text (it contains a line break or control character): ` +
          `a broker property is one line of server.properties (e.g. ${variable}=${exampleFor(key)})`,
      );
      continue;
    }
    // KAFKA_LOG_DIRS and KAFKA_log_dirs both lower-case to log.dirs: one would silently win.
    const earlier = properties.get(key);
    if (earlier !== undefined && earlier.variable !== variable) {
      problems.push(
        `${earlier.variable} and ${variable} both set the broker property ${key}: keep one (e.g. ${earlier.variable.toUpperCase()}=${exampleFor(key)})`,
      );
      continue;
    }
    properties.set(key, { value, variable, secret });
  }
  return { properties, problems };
}

function exampleFor(key: string): string {
  if (key.endsWith('.ms')) return '300000';
  if (key.includes('listeners')) return 'PLAINTEXT://:9092';
  return 'value';
}
