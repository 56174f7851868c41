// The pure steps of consumer-group lag: which groups, where their offsets live, which end offsets to ask
// whom for, and the subtraction. client.ts does the asking.
import type { findCoordinatorV4, listGroupsV4, listOffsetsV7, offsetFetchV8 } from '@platformatic/kafka';
import { errorName } from './metadata.ts';
import type { BrokerInfo, ClusterMetadata, ConsumerGroupLag, LagGap } from './types.ts';

export interface CommittedOffset {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly committedOffset: number;
}

// Share groups (KIP-932) keep no committed offsets to fetch.
const NO_OFFSETS_PROTOCOL_TYPES = new Set(['share']);

/**
 * Every group any broker coordinates, members or not. A group that only ever committed offsets (assign()
 * with commits, or `kafka-consumer-groups --reset-offsets`) has protocol type '' and state Empty: it is
 * listed too, as its lag is exactly what an operator asks for once the consumers are gone.
 */
export function consumerGroupIds(responses: readonly listGroupsV4.ListGroupsResponse[]): string[] {
  const ids = new Set<string>();
  for (const response of responses) {
    for (const group of response.groups) {
      if (!NO_OFFSETS_PROTOCOL_TYPES.has(group.protocolType)) ids.add(group.groupId);
    }
  }
  return [...ids].sort();
}

const OFFSETS_TOPIC = '__consumer_offsets';

/**
 * A group lives in one __consumer_offsets partition, whose leader is its coordinator. While that partition
 * has no live leader, no broker lists the group: say so, or its lag would vanish without a trace.
 */
export function unlistableGroupGaps(metadata: ClusterMetadata): LagGap[] {
  const live = new Set(metadata.brokers.map((b) => b.nodeId));
  const offsets = metadata.topics.find((t) => t.name === OFFSETS_TOPIC);
  return (offsets?.partitions ?? [])
    .filter((p) => !live.has(p.leader))
    .map((p) => ({
      topic: OFFSETS_TOPIC,
      partition: p.partition,
      reason: 'no live leader: the consumer groups stored in this partition cannot be listed',
    }));
}

export interface CoordinatorGroups {
  readonly broker: BrokerInfo;
  readonly groups: string[];
}

/** FindCoordinator (v4, batched) → the groups to ask each coordinator about; groups without one as gaps. */
export function groupsByCoordinator(response: findCoordinatorV4.FindCoordinatorResponse): {
  readonly coordinators: CoordinatorGroups[];
  readonly gaps: LagGap[];
} {
  const byNode = new Map<number, CoordinatorGroups>();
  const gaps: LagGap[] = [];
  for (const c of response.coordinators) {
    if (c.errorCode !== 0 || c.nodeId < 0) {
      gaps.push({ group: c.key, reason: `no coordinator: ${errorName(c.errorCode)}` });
      continue;
    }
    let entry = byNode.get(c.nodeId);
    if (!entry) {
      entry = { broker: { nodeId: c.nodeId, host: c.host, port: c.port }, groups: [] };
      byNode.set(c.nodeId, entry);
    }
    entry.groups.push(c.key);
  }
  return { coordinators: [...byNode.values()], gaps };
}

/** OffsetFetch (v8) → the committed offsets; -1 ("nothing committed") and failed entries are left out. */
export function committedOffsets(response: offsetFetchV8.OffsetFetchResponse): {
  readonly offsets: CommittedOffset[];
  readonly gaps: LagGap[];
} {
  const offsets: CommittedOffset[] = [];
  const gaps: LagGap[] = [];
  for (const group of response.groups) {
    if (group.errorCode !== 0) {
      gaps.push({ group: group.groupId, reason: errorName(group.errorCode) });
      continue;
    }
    for (const topic of group.topics) {
      for (const p of topic.partitions) {
        if (p.errorCode !== 0) {
          const reason = errorName(p.errorCode);
          gaps.push({ group: group.groupId, topic: topic.name, partition: p.partitionIndex, reason });
        } else if (p.committedOffset >= 0n) {
          offsets.push({
            group: group.groupId,
            topic: topic.name,
            partition: p.partitionIndex,
            committedOffset: Number(p.committedOffset),
          });
        }
      }
    }
  }
  return { offsets, gaps };
}

export interface LeaderRequest {
  readonly broker: BrokerInfo;
  readonly topics: listOffsetsV7.ListOffsetsRequestTopic[];
}

/** ListOffsets' "latest" timestamp: the high watermark, what a read_uncommitted consumer can reach. */
const LATEST = -1n;

/**
 * The ListOffsets requests for the end offsets of every committed partition, one per partition leader
 * (only a leader answers). Partitions without a live leader, and topics deleted since the commit, are gaps.
 */
export function endOffsetRequests(
  committed: readonly CommittedOffset[],
  metadata: ClusterMetadata,
): { readonly requests: LeaderRequest[]; readonly gaps: LagGap[] } {
  const brokers = new Map(metadata.brokers.map((b) => [b.nodeId, b]));
  const leaders = new Map<string, number>();
  for (const topic of metadata.topics) {
    for (const p of topic.partitions) leaders.set(partitionKey(topic.name, p.partition), p.leader);
  }
  const byLeader = new Map<number, { broker: BrokerInfo; topics: Map<string, Set<number>> }>();
  const gaps: LagGap[] = [];
  const seen = new Set<string>();
  for (const { topic, partition } of committed) {
    const key = partitionKey(topic, partition);
    if (seen.has(key)) continue;
    seen.add(key);
    const leader = leaders.get(key);
    const broker = leader === undefined ? undefined : brokers.get(leader);
    if (!broker) {
      const reason = leader === undefined ? 'unknown topic or partition' : 'no live leader';
      gaps.push({ topic, partition, reason });
      continue;
    }
    let entry = byLeader.get(broker.nodeId);
    if (!entry) {
      entry = { broker, topics: new Map() };
      byLeader.set(broker.nodeId, entry);
    }
    let partitions = entry.topics.get(topic);
    if (!partitions) {
      partitions = new Set();
      entry.topics.set(topic, partitions);
    }
    partitions.add(partition);
  }
  const requests = [...byLeader.values()].map(({ broker, topics }) => ({
    broker,
    topics: [...topics].map(([name, partitions]) => ({
      name,
      // -1: do not fence on the leader epoch; we want the offset, not a consistency check.
      partitions: [...partitions]
        .sort((a, b) => a - b)
        .map((p) => ({ partitionIndex: p, currentLeaderEpoch: -1, timestamp: LATEST })),
    })),
  }));
  return { requests, gaps };
}

/** ListOffsets (v7) → end offset by partition; failed partitions as gaps. */
export function endOffsets(response: listOffsetsV7.ListOffsetsResponse): {
  readonly offsets: Map<string, number>;
  readonly gaps: LagGap[];
} {
  const offsets = new Map<string, number>();
  const gaps: LagGap[] = [];
  for (const topic of response.topics) {
    for (const p of topic.partitions) {
      if (p.errorCode !== 0 || p.offset < 0n) {
        const reason = p.errorCode !== 0 ? errorName(p.errorCode) : 'no end offset';
        gaps.push({ topic: topic.name, partition: p.partitionIndex, reason });
      } else {
        offsets.set(partitionKey(topic.name, p.partitionIndex), Number(p.offset));
      }
    }
  }
  return { offsets, gaps };
}

/** One row per committed partition whose end offset is known, by group, topic, partition. */
export function computeLag(
  committed: readonly CommittedOffset[],
  ends: ReadonlyMap<string, number>,
): ConsumerGroupLag[] {
  const rows: ConsumerGroupLag[] = [];
  for (const c of committed) {
    const endOffset = ends.get(partitionKey(c.topic, c.partition));
    if (endOffset === undefined) continue;
    rows.push({ ...c, endOffset, lag: Math.max(0, endOffset - c.committedOffset) });
  }
  return rows.sort(
    (a, b) => compare(a.group, b.group) || compare(a.topic, b.topic) || a.partition - b.partition,
  );
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
