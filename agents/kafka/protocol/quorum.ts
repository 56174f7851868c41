import type { apiVersionsV3, describeQuorumV2 } from '@platformatic/kafka';
import type { QuorumInfo, QuorumReplica } from './types.ts';

/** The KRaft metadata log: the one topic partition DescribeQuorum is asked about. */
export const METADATA_TOPIC = '__cluster_metadata';
export const DESCRIBE_QUORUM_KEY = 55;

/**
 * The newest DescribeQuorum version both sides speak: v2 (Kafka 3.9+, KIP-853), v1 (3.3+), v0. Undefined
 * when the broker does not list the API at all: ZooKeeper-mode brokers do not, and close the connection
 * if asked anyway.
 */
export function describeQuorumVersion(
  apis: readonly apiVersionsV3.ApiVersionsResponseApi[],
): 0 | 1 | 2 | undefined {
  const api = apis.find((a) => a.apiKey === DESCRIBE_QUORUM_KEY);
  if (!api) return undefined;
  for (const version of [2, 1, 0] as const) {
    if (version >= api.minVersion && version <= api.maxVersion) return version;
  }
  return undefined;
}

/** DescribeQuorum response (any version; the library fills v0's missing fields with -1) → QuorumInfo. */
export function toQuorumInfo(response: describeQuorumV2.DescribeQuorumResponse): QuorumInfo {
  const partition = response.topics
    .find((t) => t.topicName === METADATA_TOPIC)
    ?.partitions.find((p) => p.partitionIndex === 0);
  if (!partition) throw new Error(`the DescribeQuorum answer has no ${METADATA_TOPIC} partition 0`);
  return {
    leaderId: partition.leaderId,
    leaderEpoch: partition.leaderEpoch,
    highWatermark: Number(partition.highWatermark),
    voters: partition.currentVoters.map(toReplica).sort(byReplicaId),
    observers: partition.observers.map(toReplica).sort(byReplicaId),
  };
}

function toReplica(voter: describeQuorumV2.DescribeQuorumResponseVoter): QuorumReplica {
  return {
    replicaId: voter.replicaId,
    logEndOffset: Number(voter.logEndOffset),
    ...(voter.lastFetchTimestamp >= 0n ? { lastFetchTimestamp: Number(voter.lastFetchTimestamp) } : {}),
    ...(voter.lastCaughtUpTimestamp >= 0n
      ? { lastCaughtUpTimestamp: Number(voter.lastCaughtUpTimestamp) }
      : {}),
  };
}

function byReplicaId(a: QuorumReplica, b: QuorumReplica): number {
  return a.replicaId - b.replicaId;
}
