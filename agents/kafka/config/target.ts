// Where the agent's own protocol checks connect: a PLAINTEXT listener reached from inside the pod (the
// agent speaks no TLS or SASL), or the port AGENT_KAFKA_PORT names.
import { localAddress, securityProtocolOf } from '../listeners.ts';
import type { KafkaSettings } from '../settings.ts';
import { invalid } from './invalid.ts';
import type { NodeListeners } from './listeners.ts';
import type { Endpoint, ProcessRole } from './types.ts';

/** The first PLAINTEXT broker listener (controller-only nodes: the controller listener). */
export function agentTarget(
  settings: Pick<KafkaSettings, 'AGENT_KAFKA_PORT'>,
  roles: readonly ProcessRole[],
  listeners: NodeListeners,
): Endpoint {
  const { broker, controller, protocolMap } = listeners;
  const candidates = roles.includes('broker') ? broker : controller ? [controller] : [];
  const plaintext = candidates.find((l) => securityProtocolOf(l.name, protocolMap) === 'PLAINTEXT');
  if (settings.AGENT_KAFKA_PORT !== undefined) {
    const chosen = [...broker, ...(controller ? [controller] : [])].find(
      (l) => l.port === settings.AGENT_KAFKA_PORT,
    );
    return { host: chosen ? localAddress(chosen) : '127.0.0.1', port: settings.AGENT_KAFKA_PORT };
  }
  if (!plaintext) {
    invalid(
      "no PLAINTEXT listener for the agent's checks: the agent speaks plain Kafka protocol on 127.0.0.1. Add one that only the pod uses " +
        '(e.g. KAFKA_LISTENERS=SSL://:9093,LOCAL://127.0.0.1:9094 with LOCAL:PLAINTEXT in KAFKA_LISTENER_SECURITY_PROTOCOL_MAP) or set AGENT_KAFKA_PORT (e.g. AGENT_KAFKA_PORT=9094)',
    );
  }
  return { host: localAddress(plaintext), port: plaintext.port };
}
