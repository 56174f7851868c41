// A renewed certificate reaches a running broker without a restart (KIP-226): the agent has rewritten the
// keystore and truststore files (core/tls/rotation.ts), and setting a listener's store location to the
// path it already has makes Kafka load the file again when its modification time changed. The request
// goes to the agent's own listener for this node's id: a KRaft broker forwards it to the controllers,
// which write it as a record even when the value is unchanged (KAFKA-14136), and every listener of the
// node whose file changed reloads, a combined node's controller listener included; a controller-only
// node takes it on its controller listener (KIP-919). ZooKeeper mode's broker reloads where it is asked.
// Each new handshake then shows the new certificate; connections already open keep theirs.
import type { Logger } from '../core/logger.ts';
import { watchServerTls, type TlsWatch } from '../core/tls/rotation.ts';
import type { KafkaConfig } from './config.ts';
import { listenerStoreKeys } from './config/tls.ts';
import { agentClientFactory } from './protocol/agent-client.ts';
import type { KafkaView } from './view.ts';

/**
 * The store locations to set again: those of the TLS listeners whose stores the agent wrote, not a path
 * the operator set (the operator's own files are the operator's to reload).
 */
export function storeReloadConfigs(config: Pick<KafkaConfig, 'tls' | 'tlsListeners' | 'properties'>) {
  const configs = new Map<string, string>();
  if (!config.tls) return configs;
  const written = new Map(config.properties);
  for (const listener of config.tlsListeners) {
    for (const [key, value] of listenerStoreKeys(listener, config.tls)) {
      if (key.endsWith('.location') && written.get(key) === value) configs.set(key, value);
    }
  }
  return configs;
}

/** Follows the mounted Secret while `run` runs; `brokerRunning` says whether a broker is there to tell. */
export function watchKafkaTls(
  config: KafkaConfig,
  view: KafkaView,
  logger: Logger,
  brokerRunning: () => boolean,
): TlsWatch | undefined {
  const tls = config.tls;
  if (!tls) return undefined;
  const configs = storeReloadConfigs(config);
  const clientFor = agentClientFactory(config);
  return watchServerTls({
    tls,
    names: config.tlsNames,
    logger,
    onRotated: async () => {
      // Not started yet: the JVM reads the files just written when it starts.
      if (brokerRunning() && configs.size > 0) {
        const client = clientFor(config.target, Math.max(config.settings.AGENT_CHECK_TIMEOUT, 10_000));
        try {
          await client.setBrokerConfigs(config.id, configs);
        } finally {
          await client.close().catch(() => {});
        }
      }
      // The agent's own connections present the pod's certificate too: new ones take the renewed one.
      view.renewClient();
    },
  });
}
