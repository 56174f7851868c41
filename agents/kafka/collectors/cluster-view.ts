// The cluster as the protocol shows it: brokers, partitions, offline and under-replicated partitions,
// consumer-group lag (groups without members too: kafka_exporter users ask for them). Exported by one pod
// only, so that summing across pods never double-counts.
import type { ClusterMetadata, ConsumerGroupLag } from '../protocol/types.ts';
import { renderFamilies, type Family } from './text.ts';

export function clusterFamilies(
  metadata: ClusterMetadata,
  lag: readonly ConsumerGroupLag[] | undefined,
): Family[] {
  const live = new Set(metadata.brokers.map((broker) => broker.nodeId));
  let partitions = 0;
  let offline = 0;
  let underReplicated = 0;
  for (const topic of metadata.topics) {
    for (const partition of topic.partitions) {
      partitions++;
      if (partition.leader < 0 || !live.has(partition.leader)) offline++;
      if (partition.isr.length < partition.replicas.length) underReplicated++;
    }
  }
  const families: Family[] = [
    gauge(
      'kafka_cluster_brokers',
      'Brokers registered and unfenced, as the Metadata API lists them.',
      metadata.brokers.length,
    ),
    gauge('kafka_cluster_topics', 'Topics, internal ones included.', metadata.topics.length),
    gauge('kafka_cluster_partitions', 'Partitions of all topics.', partitions),
    gauge('kafka_cluster_partitions_offline', 'Partitions without a live leader.', offline),
    gauge(
      'kafka_cluster_partitions_under_replicated',
      'Partitions whose ISR is smaller than their replica set.',
      underReplicated,
    ),
  ];
  if (lag) {
    families.push({
      name: 'kafka_consumergroup_lag',
      help: "Messages between a consumer group's committed offset and the partition's end, members or not.",
      type: 'gauge',
      samples: lag.map((entry) => ({
        labels: { group: entry.group, topic: entry.topic, partition: String(entry.partition) },
        value: entry.lag,
      })),
    });
  }
  return families;
}

function gauge(name: string, help: string, value: number): Family {
  return { name, help, type: 'gauge', samples: [{ labels: {}, value }] };
}

export { renderFamilies };
