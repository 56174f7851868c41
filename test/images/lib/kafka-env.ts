// Env of a one-node Kafka in a container: small heap and log-cleaner buffer (docs/design.md: a 256 MB heap
// dies at start with the default 128 MiB dedupe buffer), internal topics with one replica (one broker).
export const SMALL_BROKER: Readonly<Record<string, string>> = {
  KAFKA_HEAP_OPTS: '-Xms256m -Xmx256m',
  KAFKA_LOG_CLEANER_DEDUPE_BUFFER_SIZE: '16777216',
  KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
  KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
  KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
  KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
  AGENT_REPLICAS: '1',
};

export { TOOL_ENV } from '../../../tools/harness/kafka-tools.ts';
