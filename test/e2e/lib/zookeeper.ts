// The handbook's ZooKeeper verify step, `zkServer.sh status` in each pod (docker exec as kubectl exec), and
// the identity a ZooKeeper pod keeps on its volume (myid).
import { expect } from 'vitest';
import type { LocalCluster } from '../runner/cluster.ts';
import type { StatefulSetRunner } from '../runner/statefulset.ts';
import { podFile } from './pods.ts';

export const ZK_DATA_MOUNT = '/var/lib/zookeeper';

export async function zkMode(cluster: LocalCluster, pod: string): Promise<string> {
  const run = await cluster.exec(pod, ['zkServer.sh', 'status'], 30_000);
  expect(run.status, run.stdout + run.stderr).toBe(0);
  return /^Mode: (\w+)/m.exec(run.stdout)?.[1] ?? `(no Mode line: ${run.stdout})`;
}

export async function myid(cluster: LocalCluster, pod: string): Promise<string> {
  return (await podFile(cluster, pod, `${ZK_DATA_MOUNT}/data/myid`)).trim();
}

/** Each pod's mode once the ensemble has settled: a deleted leader's peers elect a new one within seconds. */
export async function settledModes(
  cluster: LocalCluster,
  zk: StatefulSetRunner,
  timeoutMs = 60_000,
): Promise<string[]> {
  const begun = Date.now();
  let last: string[] = [];
  while (Date.now() - begun < timeoutMs) {
    last = await Promise.all(zk.pods.map((pod) => zkMode(cluster, pod.name)));
    if (last.filter((m) => m === 'leader').length === 1 && last.filter((m) => m === 'follower').length === 2)
      return last;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  return last;
}
