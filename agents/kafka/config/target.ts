// Where the agent's own protocol checks connect: a listener reached from inside the pod whose protocol the
// agent can speak, or the port AGENT_KAFKA_PORT names. PLAINTEXT needs nothing; SSL needs the pod's
// certificate (AGENT_TLS_DIR), which is also the agent's client identity where the listener asks for one
// (ssl.client.auth=required); SASL needs the agent's SCRAM user (AGENT_KAFKA_SASL_USERNAME). So a node
// whose every port is TLS needs no plaintext listener for its agent.
import type { Listener } from '../listeners.ts';
import { localAddress, securityProtocolOf } from '../listeners.ts';
import type { KafkaSettings } from '../settings.ts';
import { invalid } from './invalid.ts';
import type { NodeListeners } from './listeners.ts';
import type { AgentTarget, ProcessRole, SecurityProtocol } from './types.ts';

type TargetSettings = Pick<
  KafkaSettings,
  'AGENT_KAFKA_PORT' | 'AGENT_TLS_DIR' | 'AGENT_KAFKA_SASL_USERNAME' | 'AGENT_KAFKA_SASL_PASSWORD_FILE'
>;

/** The order the agent prefers protocols in: the least it needs to hold first. */
const PREFERENCE: readonly SecurityProtocol[] = ['PLAINTEXT', 'SSL', 'SASL_SSL', 'SASL_PLAINTEXT'];

/** The first broker listener the agent can speak (controller-only nodes: the controller listener). */
export function agentTarget(
  settings: TargetSettings,
  roles: readonly ProcessRole[],
  listeners: NodeListeners,
): AgentTarget {
  const { broker, controller, protocolMap } = listeners;
  assertSaslPair(settings);
  const protocolOf = (l: Listener) => securityProtocolOf(l.name, protocolMap);
  if (settings.AGENT_KAFKA_PORT !== undefined) {
    const port = settings.AGENT_KAFKA_PORT;
    const chosen = [...broker, ...(controller ? [controller] : [])].find((l) => l.port === port);
    // A port that is no listener of this node (a sidecar's proxy, say) is taken as plain Kafka.
    if (!chosen) return { host: '127.0.0.1', port, listener: undefined, protocol: 'PLAINTEXT' };
    const protocol = protocolOf(chosen);
    const missing = whatIsMissing(settings, protocol);
    if (missing !== undefined) {
      invalid(
        `AGENT_KAFKA_PORT=${port} is listener ${chosen.name}, ${protocol}: the agent needs ${missing} to speak it ` +
          '(or choose a port of a listener it can speak, e.g. AGENT_KAFKA_PORT=9092 for a PLAINTEXT one)',
      );
    }
    return {
      host: localAddress(chosen),
      port,
      listener: chosen.name,
      protocol: protocol as SecurityProtocol,
    };
  }
  const candidates = roles.includes('broker') ? broker : controller ? [controller] : [];
  for (const protocol of PREFERENCE) {
    if (whatIsMissing(settings, protocol) !== undefined) continue;
    const found = candidates.find((l) => protocolOf(l) === protocol);
    if (found) return { host: localAddress(found), port: found.port, listener: found.name, protocol };
  }
  const offered = candidates.map((l) => `${l.name} (${protocolOf(l)})`).join(', ');
  return invalid(
    `no listener the agent's checks can speak among ${offered}: PLAINTEXT needs nothing, SSL needs AGENT_TLS_DIR (the pod's certificate), ` +
      'SASL_SSL needs AGENT_TLS_DIR and AGENT_KAFKA_SASL_USERNAME with AGENT_KAFKA_SASL_PASSWORD_FILE (SCRAM-SHA-512). ' +
      'Set those (e.g. AGENT_TLS_DIR=/etc/tls) or AGENT_KAFKA_PORT to a listener it can speak (e.g. AGENT_KAFKA_PORT=9092)',
  );
}

/** What the agent lacks to speak `protocol`, in an operator's words; undefined when it can. */
function whatIsMissing(settings: TargetSettings, protocol: string): string | undefined {
  const tls = settings.AGENT_TLS_DIR !== undefined;
  const sasl = settings.AGENT_KAFKA_SASL_USERNAME !== undefined;
  switch (protocol) {
    case 'PLAINTEXT':
      return undefined;
    case 'SSL':
      return tls ? undefined : 'AGENT_TLS_DIR (e.g. AGENT_TLS_DIR=/etc/tls)';
    case 'SASL_PLAINTEXT':
      return sasl ? undefined : 'AGENT_KAFKA_SASL_USERNAME and AGENT_KAFKA_SASL_PASSWORD_FILE';
    case 'SASL_SSL':
      if (tls && sasl) return undefined;
      return [
        ...(tls ? [] : ['AGENT_TLS_DIR']),
        ...(sasl ? [] : ['AGENT_KAFKA_SASL_USERNAME and AGENT_KAFKA_SASL_PASSWORD_FILE']),
      ].join(' and ');
    default:
      return `a protocol it knows (${protocol} is not one of ${PREFERENCE.join(', ')})`;
  }
}

/** The user and the password come together: one without the other is a half-done Secret mount. */
function assertSaslPair(settings: TargetSettings): void {
  const user = settings.AGENT_KAFKA_SASL_USERNAME !== undefined;
  const password = settings.AGENT_KAFKA_SASL_PASSWORD_FILE !== undefined;
  if (user && !password)
    invalid(
      'AGENT_KAFKA_SASL_USERNAME is set without AGENT_KAFKA_SASL_PASSWORD_FILE: mount the password from a Secret and name the file (e.g. AGENT_KAFKA_SASL_PASSWORD_FILE=/etc/kafka-agent/sasl/password)',
    );
  if (password && !user)
    invalid(
      'AGENT_KAFKA_SASL_PASSWORD_FILE is set without AGENT_KAFKA_SASL_USERNAME: name the SCRAM user (e.g. AGENT_KAFKA_SASL_USERNAME=kafka-agent)',
    );
}
