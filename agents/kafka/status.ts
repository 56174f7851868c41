// What `kafka-agent status` prints and GET / answers: who this node is, who leads, and how far this
// broker is from in sync. Every part that cannot be asked says why instead of failing the whole.
import { inSyncReport } from './checks/in-sync.ts';
import type { RuntimeConfig } from './config.ts';
import type { KafkaView } from './view.ts';

export interface KafkaStatus {
  readonly id: number;
  readonly mode: string;
  readonly roles: readonly string[];
  readonly clusterId: string | null;
  readonly controllerId: number | null;
  readonly quorumLeaderId: number | null;
  readonly brokers: readonly number[] | null;
  readonly partitions: {
    readonly hosted: number;
    readonly notInSync: number;
    readonly leaderless: number;
  } | null;
  readonly errors: readonly string[];
}

export async function kafkaStatus(config: RuntimeConfig, view: KafkaView): Promise<KafkaStatus> {
  const errors: string[] = [];
  const isBroker = config.roles.includes('broker');
  const [metadata, quorum] = await Promise.all([
    isBroker
      ? view.metadata().catch((error: Error) => void errors.push(`metadata: ${error.message}`))
      : undefined,
    config.mode === 'kraft'
      ? view.quorum().catch((error: Error) => void errors.push(`quorum: ${error.message}`))
      : undefined,
  ]);
  const report = metadata ? inSyncReport(metadata, config.id) : undefined;
  return {
    id: config.id,
    mode: config.mode,
    roles: config.roles,
    clusterId: metadata?.clusterId ?? config.clusterId ?? null,
    controllerId: config.mode === 'zookeeper' ? (metadata?.controllerId ?? null) : null,
    quorumLeaderId: quorum ? quorum.leaderId : null,
    brokers: metadata ? metadata.brokers.map((broker) => broker.nodeId).sort((a, b) => a - b) : null,
    partitions: report
      ? { hosted: report.hosted, notInSync: report.notInSync.length, leaderless: report.leaderless }
      : null,
    errors,
  };
}

export function formatKafkaStatus(status: KafkaStatus): string {
  const idName = status.mode === 'kraft' ? 'node.id' : 'broker.id';
  const lines = [
    `${idName}: ${status.id}`,
    `Mode: ${status.mode === 'kraft' ? `KRaft (${status.roles.join(',')})` : 'ZooKeeper'}`,
    `Cluster id: ${status.clusterId ?? 'unknown'}`,
  ];
  if (status.mode === 'zookeeper') lines.push(`Controller: ${status.controllerId ?? 'unknown'}`);
  else lines.push(`Quorum leader: ${status.quorumLeaderId ?? 'unknown'}`);
  if (status.brokers) lines.push(`Brokers: ${status.brokers.join(', ')}`);
  if (status.partitions) {
    const p = status.partitions;
    lines.push(
      `Partitions hosted: ${p.hosted}, not yet in sync: ${p.notInSync}, without a leader: ${p.leaderless}`,
    );
  }
  for (const error of status.errors) lines.push(`Not known: ${error}`);
  return `${lines.join('\n')}\n`;
}
