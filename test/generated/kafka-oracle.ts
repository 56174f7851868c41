// What a generated kafka-agent case asks for, from the inputs: whether it must succeed, and which
// server.properties keys it may get (those its KAFKA_* variables map to, and the ones the agent derives
// for its mode) with the values the operator wrote.
import { readFileSync } from 'node:fs';
import { isBrokerPropertyVariable } from '../../agents/kafka/broker-properties.ts';
import { kafkaVariables } from '../../agents/kafka/settings.ts';
import { effectiveRaw, type CaseDir } from './in-process-init.ts';
import { ruleKey, type KafkaCase, type KafkaName } from './kafka-cases.ts';

export function kafkaView(c: KafkaCase, dir: CaseDir) {
  const raw = (name: KafkaName) => {
    const value = effectiveRaw(c.settings[name], dir);
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  return { raw, num: (name: KafkaName) => Number(raw(name) ?? kafkaVariables[name].doc.defaultText) };
}

/** The operator's properties as the DESIGN's rule maps the pod's env: key → value (`_FILE`s read, blank
 * ones unset). */
export function operatorProperties(env: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of Object.keys(env).sort()) {
    const raw = env[name]!;
    if (raw.trim() === '' || !isBrokerPropertyVariable(name, raw)) continue;
    const fromFile = name.endsWith('_FILE');
    const variable = fromFile ? name.slice(0, -'_FILE'.length) : name;
    if (!isBrokerPropertyVariable(variable, undefined)) continue;
    const value = fromFile ? readFileSync(raw.trim(), 'utf8').replace(/\r?\n$/, '') : raw.trim();
    // docs/configuration.md: empty values count as unset, and an empty Secret is no more a value than `KAFKA_X=`.
    if (value.trim() !== '') out.set(ruleKey(variable), value);
  }
  return out;
}

/** Keys kafka-agent writes for a mode even when no variable names them. */
export function derivedKeys(kraft: boolean): Set<string> {
  return new Set(
    kraft
      ? [
          'node.id',
          'controller.listener.names',
          'listeners',
          'listener.security.protocol.map',
          'advertised.listeners',
          'controller.quorum.voters',
          'log.dirs',
        ]
      : ['broker.id', 'listeners', 'advertised.listeners', 'log.dirs'],
  );
}

/** Never a property, whatever the agent thinks: service links and the scripts' own variables. */
export const NEVER_A_KEY =
  /(^|\.)service\.(host|port)(\.|$)|(^|\.)port\.\d+\.(tcp|udp|sctp)(\.|$)|^(heap\.opts|opts|jvm\.performance\.opts|gc\.log\.opts|log\.dir|home|debug|classpath)$|^(jmx|log4j)\./;

export function podNames(hostname: string, c: KafkaCase, dir: CaseDir) {
  const dot = hostname.indexOf('.');
  const podName = dot < 0 ? hostname : hostname.slice(0, dot);
  const domain = kafkaView(c, dir).raw('AGENT_DOMAIN') ?? (dot < 0 ? undefined : hostname.slice(dot + 1));
  return { podName, fqdn: `${podName}.${domain}` };
}

/** `$(hostname -f)` / `$(hostname)` as the agent documents it expands them. */
export function expandHostname(value: string, names: { podName: string; fqdn: string }): string {
  return value.replace(/\$\(\s*hostname(?:\s+(-f|--fqdn|-s|--short))?\s*\)/g, (_, flag?: string) =>
    flag === '-f' || flag === '--fqdn' ? names.fqdn : names.podName,
  );
}

export function kafkaMustSucceed(c: KafkaCase, dir: CaseDir): boolean {
  if (Object.values(c.settings).some((s) => !s.valid)) return false;
  if (Object.values(c.properties).some((s) => !s.valid)) return false;
  if (c.host.sts === undefined) return false;
  const view = kafkaView(c, dir);
  const replicas = view.raw('AGENT_REPLICAS');
  if (replicas !== undefined && !(c.host.ordinal! < Number(replicas))) return false;
  if (view.raw('AGENT_DOMAIN') === undefined && c.host.domain === undefined) return false;
  const listenerPorts = { zookeeper: [9092], combined: [9092, 9093], controller: [9093], broker: [9092] }[
    c.mode
  ];
  const ports = [view.num('AGENT_PORT'), view.num('AGENT_JMX_EXPORTER_PORT'), ...listenerPorts];
  if (new Set(ports).size !== ports.length) return false;
  // The agent's SCRAM user and its password file come together; the file must hold a password.
  const user = view.raw('AGENT_KAFKA_SASL_USERNAME');
  const passwordFile = view.raw('AGENT_KAFKA_SASL_PASSWORD_FILE');
  if ((user === undefined) !== (passwordFile === undefined)) return false;
  if (passwordFile !== undefined && !holdsPassword(passwordFile)) return false;
  const has = (name: string) => c.properties[name] !== undefined;
  const brokerId = effectiveRaw(c.properties.KAFKA_BROKER_ID, dir)?.trim();
  const podName = c.host.hostname.split('.')[0];
  if (
    brokerId !== undefined &&
    brokerId !== podName &&
    Number(brokerId) !== c.host.ordinal! + view.num('AGENT_ID_OFFSET')
  )
    return false;
  if (c.mode === 'zookeeper') return has('KAFKA_ZOOKEEPER_CONNECT');
  if (!has('KAFKA_PROCESS_ROLES') || view.raw('CLUSTER_ID') === undefined) return false;
  if (c.mode === 'broker') return has('KAFKA_CONTROLLER_QUORUM_VOTERS');
  return replicas !== undefined;
}

function holdsPassword(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').trim() !== '';
  } catch {
    return false;
  }
}
