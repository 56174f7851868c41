// Values that are valid but implausible: ZooKeeper would start with them, and misbehave much later.
// The handbook's manifests fed the `tick` ConfigMap key (2000) into ZK_SYNC_LIMIT: a 66-minute sync limit.
import type { ZkConfig } from './config.ts';

const TEN_MINUTES_MS = 10 * 60 * 1000;

export function plausibilityWarnings(config: ZkConfig): string[] {
  const s = config.settings;
  const warnings: string[] = [];
  const limit = (name: string, ticks: number, usual: number, meaning: string) => {
    const ms = ticks * s.ZK_TICK_TIME;
    if (ms > TEN_MINUTES_MS) {
      warnings.push(
        `${name}=${ticks} ticks × ZK_TICK_TIME=${s.ZK_TICK_TIME} ms is ${formatDuration(ms)}: ${meaning}. ` +
          `It is counted in ticks, not milliseconds; the usual value is ${usual} (did a ConfigMap key like "tick" end up here?).`,
      );
    }
  };
  limit('ZK_SYNC_LIMIT', s.ZK_SYNC_LIMIT, 5, 'a follower that stops syncing is dropped only after that long');
  limit(
    'ZK_INIT_LIMIT',
    s.ZK_INIT_LIMIT,
    10,
    'a follower may take that long to connect to the leader before it is given up on',
  );
  if (s.ZK_TICK_TIME < 100) {
    warnings.push(
      `ZK_TICK_TIME=${s.ZK_TICK_TIME} ms is very short: heartbeats and session timeouts derive from it; the usual value is 2000.`,
    );
  }
  const replicas = config.servers.length;
  if (replicas > 0 && replicas % 2 === 0) {
    // A quorum is a majority: n servers survive floor((n-1)/2) failures, so the n-th even one adds none.
    const survives = Math.floor((replicas - 1) / 2);
    warnings.push(
      `ZK_REPLICAS=${replicas} survives ${survives} failed server${survives === 1 ? '' : 's'}, no more than ` +
        `ZK_REPLICAS=${replicas - 1} does: use an odd number (${replicas - 1} or ${replicas + 1}).`,
    );
  }
  return warnings;
}

function formatDuration(ms: number): string {
  const minutes = ms / 60_000;
  return minutes >= 120 ? `${(minutes / 60).toFixed(1)} hours` : `${Math.round(minutes)} minutes`;
}

/** What the command found on the data volume before writing anything. */
export interface DataDirFacts {
  /** `<ZK_DATA_DIR>/version-2/` exists: ZooKeeper has written snapshots there. */
  readonly hasZkData: boolean;
  /** `<ZK_DATA_DIR>/myid` exists (whatever it says: a disagreeing one has already stopped the pod). */
  readonly hasMyid: boolean;
}

/** Facts about the data volume that are allowed but unusual: the pod continues, and says so. */
export function dataDirWarnings(config: ZkConfig, facts: DataDirFacts): string[] {
  if (!facts.hasZkData || facts.hasMyid) return [];
  const dataDir = config.settings.ZK_DATA_DIR;
  return [
    `${dataDir} holds ZooKeeper data (version-2/) but no myid: unusual, because the agent writes myid before ` +
      'ZooKeeper first starts (restored from a backup? set up by another tool?). Continuing with myid ' +
      `${config.myid} (${config.identity.hostname}). If this data came from another server, stop the pod and ` +
      `write that server's myid into ${dataDir}/myid, or give this pod its own volume.`,
  ];
}
