// Real Kafka for the benchmarks: three combined KRaft 4.2.0 nodes (KRaft starts and restarts quickest,
// docs/design.md), each through `kafka-agent run`, from the integration tests' harness (small heaps, C1 only,
// loopback addresses). The harness SIGKILLs every process group it started when this process exits, so
// an interrupted benchmark leaves no JVM behind. The benchmarks' size: 100 topics × 10 partitions, RF 3.
import { createKafkaClient } from '../../agents/kafka/protocol/client.ts';
import type { ClusterMetadata, KafkaClient } from '../../agents/kafka/protocol/types.ts';
import { KafkaCluster } from '../../tools/harness/kafka-cluster.ts';
import { residentNodeFlags } from './image-flags.ts';

export const TOPICS = 100;
export const PARTITIONS = 10;

export interface BenchKafka {
  readonly cluster: KafkaCluster;
  /** The pod whose agent exports the cluster view (the quorum leader's): the largest /metrics. */
  viewOwner(): Promise<number>;
}

/** Starts the cluster, waits for every pod to be ready, creates the topics, waits for ready again. */
export async function startKafka(): Promise<BenchKafka> {
  const cluster = await KafkaCluster.start({
    mode: 'kraft',
    label: 'bench-kafka',
    env: { AGENT_LOG_LEVEL: 'warn' },
    // The agents as the image runs them.
    nodeArgs: residentNodeFlags('kafka'),
  });
  try {
    await cluster.waitReady();
    await createTopics(cluster);
    // Every broker hosts all 1,000 partitions: ready again once it is in the ISR of each.
    await cluster.waitReady();
  } catch (error) {
    await cluster.teardown();
    throw error;
  }
  return { cluster, viewOwner: () => viewOwner(cluster) };
}

async function createTopics(cluster: KafkaCluster): Promise<void> {
  // Imported here, whole: only the Kafka benchmarks pay for it, and only in this process, never in a
  // measured one.
  const { Admin } = await import('@platformatic/kafka');
  const admin = new Admin({ clientId: 'bench', bootstrapBrokers: cluster.bootstrap() });
  try {
    await admin.createTopics({
      topics: Array.from({ length: TOPICS }, (_, i) => `bench-${String(i).padStart(3, '0')}`),
      partitions: PARTITIONS,
      replicas: 3,
    });
  } finally {
    await admin.close();
  }
}

/** The agent that says it owns the cluster view (kafka_agent_cluster_view_owner 1). */
async function viewOwner(cluster: KafkaCluster): Promise<number> {
  for (const pod of cluster.pods) {
    const text = (await cluster.get(pod.index, '/metrics')).body;
    if (/^kafka_agent_cluster_view_owner 1$/m.test(text)) return pod.index;
  }
  throw new Error('no agent exports the cluster view');
}

/**
 * Metadata from one broker, for the ground truth the benchmarks compare the agent with. The client is the
 * agent's codec wrapper (it only decodes the answer); what the answer means is decided by the caller.
 * A broker that went away is asked again on a fresh connection.
 */
export function metadataSource(
  cluster: KafkaCluster,
  index: number,
): {
  metadata(): Promise<ClusterMetadata>;
  close(): Promise<void>;
} {
  let client: KafkaClient | undefined;
  const fresh = () =>
    createKafkaClient({ host: cluster.pod(index).ip, port: cluster.brokerPort, timeoutMs: 1000 });
  return {
    async metadata() {
      client ??= fresh();
      try {
        return await client.metadata();
      } catch (error) {
        const broken = client;
        client = undefined;
        await broken.close().catch(() => {});
        throw error;
      }
    },
    close: async () => client?.close(),
  };
}
