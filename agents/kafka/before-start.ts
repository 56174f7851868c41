// What `kafka-agent run` does between serving probes and starting the broker, as hooks of the run
// skeleton (core/run-server.ts): KRaft storage is formatted when it is not yet (only for the broker's own
// command; a command after `--` is the operator's business), and in ZooKeeper mode the agent waits for
// this broker's previous registration to expire. Liveness says which of them the broker waits for.
import type { Logger } from '../core/logger.ts';
import type { BeforeStart } from '../core/run-server.ts';
import type { KafkaConfig } from './config.ts';
import type { PreparedKafka } from './prepare.ts';
import { agentClientFactory } from './protocol/agent-client.ts';
import { waitForStaleRegistration } from './registration-wait.ts';
import { formatStorage } from './storage.ts';

/** ZooKeeper's default session timeout in Kafka (zookeeper.session.timeout.ms). */
const DEFAULT_ZK_SESSION_TIMEOUT_MS = 18_000;

/** `waiting`: told why the broker is not started yet, for liveness. */
export function kafkaBeforeStart(
  prepared: PreparedKafka,
  logger: Logger,
  waiting: (why: string) => void,
): BeforeStart[] {
  const { config } = prepared;
  const clientFor = agentClientFactory(config);
  return [
    async ({ customCommand, env }) => {
      if (customCommand || config.mode !== 'kraft') return;
      waiting('formatting storage');
      await formatStorage(config, prepared, logger, env);
    },
    async ({ signal }) => {
      if (config.mode !== 'zookeeper') return;
      if (config.peers.length > 0) {
        waiting('waiting for its previous registration in ZooKeeper to expire');
        await waitForStaleRegistration({
          id: config.id,
          peers: config.peers,
          logger,
          maxWaitMs: sessionTimeoutMs(config) + 10_000,
          signal,
          liveBrokerIds: async (peer) => {
            const client = clientFor(peer, config.settings.AGENT_CHECK_TIMEOUT);
            try {
              return (await client.metadata()).brokers.map((broker) => broker.nodeId);
            } finally {
              await client.close().catch(() => {});
            }
          },
        });
      } else if (config.settings.AGENT_REPLICAS === undefined) {
        logger.warn(
          'AGENT_REPLICAS is not set: a broker restarted within the ZooKeeper session timeout may exit with NodeExistsException until the old session expires (set AGENT_REPLICAS=3 so the agent waits for it)',
        );
      }
    },
  ];
}

function sessionTimeoutMs(config: KafkaConfig): number {
  const given = Number(config.properties.find(([key]) => key === 'zookeeper.session.timeout.ms')?.[1]);
  return Number.isFinite(given) ? given : DEFAULT_ZK_SESSION_TIMEOUT_MS;
}
