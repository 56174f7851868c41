import type { CheckResult } from '../../core/check.ts';
import { inSyncReport } from './in-sync.ts';
import type { KafkaCheck, KafkaCheckDeps } from './types.ts';

/** Followers within this many records of the quorum's high watermark count as caught up. */
export const QUORUM_CATCH_UP_RECORDS = 100;

/**
 * Readiness gates a StatefulSet's rolling update, which waits for each pod to be Ready before it takes
 * the next one down: a broker is ready once it answers through the protocol, is registered and unfenced
 * with its own id, and (AGENT_READY_IN_SYNC) is back in the ISR of every partition it hosts. So a rolling
 * restart never takes a second replica of a partition away while the first is still catching up
 * (strimzi #3749, bitnami/charts #13129). Controller-only nodes: the quorum has a leader, this node is a
 * voter, and it has caught up with the quorum's high watermark.
 */
export const readiness: KafkaCheck = {
  name: 'readiness',
  async run(deps) {
    const process = deps.processAlive();
    if (process.state !== 'running') {
      return {
        ok: false,
        reason: process.state === 'exited' ? process.why : `the broker is not started yet: ${process.why}`,
      };
    }
    return deps.roles.includes('broker') ? brokerReadiness(deps) : controllerReadiness(deps);
  },
};

async function brokerReadiness(deps: KafkaCheckDeps): Promise<CheckResult> {
  const { id, view, requireInSync } = deps;
  const metadata = await view.metadata();
  const report = inSyncReport(metadata, id);
  const details = {
    registered: report.registered,
    hostedPartitions: report.hosted,
    notInSync: report.notInSync.length,
    leaderless: report.leaderless,
  };
  if (!report.registered) {
    const brokers = metadata.brokers.map((broker) => broker.nodeId).sort((a, b) => a - b);
    return {
      ok: false,
      reason: `broker ${id} is not registered and unfenced yet (the cluster lists brokers [${brokers.join(', ')}])`,
      details,
    };
  }
  if (requireInSync && metadata.topics.length === 0) {
    const onDisk = deps.partitionDirsOnDisk();
    if (onDisk > 0) {
      return {
        ok: false,
        reason: `broker ${id} has not been told its partitions yet: its metadata lists no topic, its log dirs hold ${onDisk} partition logs`,
        details: { ...details, partitionDirsOnDisk: onDisk },
      };
    }
  }
  if (requireInSync && report.notInSync.length > 0) {
    const some = report.notInSync.slice(0, 5).join(', ');
    const more = report.notInSync.length > 5 ? ` and ${report.notInSync.length - 5} more` : '';
    return {
      ok: false,
      reason: `broker ${id} is catching up: not yet in the ISR of ${report.notInSync.length} of its ${report.hosted} partitions (${some}${more})`,
      details,
    };
  }
  const inSync = requireInSync
    ? ` and in the ISR of all its ${report.hosted - report.leaderless} led partitions`
    : '';
  return { ok: true, reason: `broker ${id} is registered and unfenced${inSync}`, details };
}

async function controllerReadiness({ id, view }: KafkaCheckDeps): Promise<CheckResult> {
  const quorum = await view.quorum();
  const voter = quorum.voters.find((v) => v.replicaId === id);
  const details = {
    leaderId: quorum.leaderId,
    leaderEpoch: quorum.leaderEpoch,
    highWatermark: quorum.highWatermark,
  };
  if (quorum.leaderId < 0) return { ok: false, reason: 'the controller quorum has no leader', details };
  if (!voter) return { ok: false, reason: `controller ${id} is not a voter of the quorum`, details };
  if (quorum.leaderId === id) return { ok: true, reason: `controller ${id} leads the quorum`, details };
  const lag = quorum.highWatermark - voter.logEndOffset;
  if (lag > QUORUM_CATCH_UP_RECORDS) {
    return {
      ok: false,
      reason: `controller ${id} is catching up: ${lag} records behind the quorum's high watermark`,
      details: { ...details, lag },
    };
  }
  return {
    ok: true,
    reason: `controller ${id} follows leader ${quorum.leaderId} and has caught up`,
    details: { ...details, lag },
  };
}
