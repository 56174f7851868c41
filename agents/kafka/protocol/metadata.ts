import type { metadataV12 } from '@platformatic/kafka';
import { protocolErrorsCodesById } from './library.ts';
import type { ClusterMetadata } from './types.ts';

/** Kafka's name for an error code (LEADER_NOT_AVAILABLE), or `error <code>` for one the library lacks. */
export function errorName(code: number): string {
  const names: Record<number, string | undefined> = protocolErrorsCodesById;
  return names[code] ?? `error ${code}`;
}

/** Metadata (v12) response → ClusterMetadata, brokers by id, topics by name, partitions by index. */
export function toClusterMetadata(response: metadataV12.MetadataResponse): ClusterMetadata {
  const brokers = response.brokers
    .map(({ nodeId, host, port, rack }) => ({ nodeId, host, port, ...(rack ? { rack } : {}) }))
    .sort((a, b) => a.nodeId - b.nodeId);
  const topics = response.topics
    .map((topic) => ({
      name: topic.name ?? '',
      ...(topic.isInternal ? { internal: true } : {}),
      partitions: topic.partitions
        .map((p) => ({
          partition: p.partitionIndex,
          leader: p.leaderId,
          replicas: [...p.replicaNodes],
          isr: [...p.isrNodes],
          ...(p.offlineReplicas.length > 0 ? { offlineReplicas: [...p.offlineReplicas] } : {}),
          ...(p.errorCode !== 0 ? { error: errorName(p.errorCode) } : {}),
        }))
        .sort((a, b) => a.partition - b.partition),
      ...(topic.errorCode !== 0 ? { error: errorName(topic.errorCode) } : {}),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    ...(response.clusterId ? { clusterId: response.clusterId } : {}),
    controllerId: response.controllerId,
    brokers,
    topics,
  };
}
