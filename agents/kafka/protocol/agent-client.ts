// How the agent connects to its broker (and, in ZooKeeper mode, to its peers at the same listener): the
// protocol of the listener it chose (config/target.ts) decides whether it brings the pod's certificate,
// its SCRAM user, both or neither. Each client is built with the files as they are at that moment, so a
// client made after a rotation presents the renewed certificate.
import type { Endpoint, RuntimeConfig } from '../config.ts';
import { createKafkaClient } from './client.ts';
import type { KafkaClient } from './types.ts';

export type AgentConnection = Pick<RuntimeConfig, 'target' | 'clientTls' | 'sasl'>;

/** Clients for the agent's target's protocol; `endpoint` is the target itself or a peer. */
export function agentClientFactory(
  connection: AgentConnection,
): (endpoint: Endpoint, timeoutMs: number) => KafkaClient {
  const { protocol } = connection.target;
  const useTls = protocol === 'SSL' || protocol === 'SASL_SSL';
  const useSasl = protocol === 'SASL_SSL' || protocol === 'SASL_PLAINTEXT';
  return (endpoint, timeoutMs) =>
    createKafkaClient({
      host: endpoint.host,
      port: endpoint.port,
      timeoutMs,
      clientId: 'kafka-agent',
      // config/target.ts chose a TLS or SASL listener only with the certificate or user to speak it.
      ...(useTls && connection.clientTls ? { tls: connection.clientTls() } : {}),
      ...(useSasl && connection.sasl ? { sasl: connection.sasl } : {}),
    });
}
