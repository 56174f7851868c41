// Whether a broker has caught up, from one Metadata answer: registered (in KRaft, Metadata lists only
// unfenced brokers) and in the ISR of every partition it hosts. Only its own membership counts, never the
// whole ISR: while another broker is down, the healthy ones are still in their ISRs and stay Ready;
// a condition on the whole ISR would turn every pod NotReady when one broker dies.
import type { ClusterMetadata } from '../protocol/types.ts';

export interface InSyncReport {
  readonly registered: boolean;
  /** Partitions with this broker among their replicas. */
  readonly hosted: number;
  /** Of those, the ones with a live leader where this broker is not in the ISR yet: "topic-partition". */
  readonly notInSync: readonly string[];
  /** Hosted partitions without a live leader: nothing to catch up from, so they do not hold readiness. */
  readonly leaderless: number;
}

export function inSyncReport(metadata: ClusterMetadata, id: number): InSyncReport {
  const live = new Set(metadata.brokers.map((broker) => broker.nodeId));
  let hosted = 0;
  let leaderless = 0;
  const notInSync: string[] = [];
  for (const topic of metadata.topics) {
    for (const partition of topic.partitions) {
      if (!partition.replicas.includes(id)) continue;
      hosted++;
      // A partition whose leader is gone cannot be caught up with; waiting on it would deadlock a cold
      // start where the last ISR member starts after this broker.
      if (partition.leader < 0 || !live.has(partition.leader)) {
        leaderless++;
        continue;
      }
      if (!partition.isr.includes(id)) notInSync.push(`${topic.name}-${partition.partition}`);
    }
  }
  return { registered: live.has(id), hosted, notInSync, leaderless };
}
