// The identity guard in a container: a pod started on another pod's claim (a mis-bound volume) must
// exit 1 with AGENT_ERR_IDENTITY_MISMATCH, crash-loop without ever becoming Ready, and leave the id
// file on that volume byte for byte as it was.
import { expect } from 'vitest';
import type { LocalCluster } from '../runner/cluster.ts';
import type { RunnerEvent } from '../runner/events.ts';
import { withClaimVolume } from '../runner/plan.ts';
import type { StatefulSetRunner } from '../runner/statefulset.ts';
import { until, volumeFile } from './pods.ts';

export interface WrongVolume {
  readonly cluster: LocalCluster;
  readonly set: StatefulSetRunner;
  /** Every event the cluster reported (its sink), to see that the pod never turned Ready. */
  readonly events: readonly RunnerEvent[];
  readonly ordinal: number;
  /** The claim template (`datadir`) and the ordinal whose volume the pod is given. */
  readonly template: string;
  readonly volumeOf: number;
  /** The id file on the volume, relative to its root (`data/myid`, `data/meta.properties`). */
  readonly idFile: string;
}

/** Returns the agent's error line, for the caller to check what it names. */
export async function refusesOtherPodsVolume(options: WrongVolume): Promise<string> {
  const { cluster, set, events, ordinal, template, idFile } = options;
  const pod = set.pod(ordinal);
  const volume = `${template}-${set.pod(options.volumeOf).name}`;
  const before = await volumeFile(cluster, pod.plan.image, volume, idFile);
  await pod.delete();
  const since = events.length;
  await pod.start(withClaimVolume(pod.plan, `${template}-${pod.name}`, volume));
  expect((await cluster.driver.ok(['wait', pod.name], 300_000)).trim()).toBe('1');
  const logs = await cluster.driver.logs(pod.name);
  const error = logs.split('\n').find((line) => line.includes('AGENT_ERR_IDENTITY_MISMATCH'));
  expect(error, `${pod.name}'s log:\n${logs}`).toBeDefined();
  console.log(`${pod.name} on ${volume}: ${error}`);
  // The runner restarts it after the kubelet's first back-off (10 s); it must fail the same way again.
  await until(`${pod.name} started again by the crash loop`, () => pod.restarts >= 1, 60_000);
  expect((await cluster.driver.ok(['wait', pod.name], 300_000)).trim()).toBe('1');
  expect(
    events.slice(since).filter((event) => event.pod === pod.name && event.type === 'Ready'),
    `${pod.name} turned Ready on ${volume}`,
  ).toEqual([]);
  expect(pod.ready).toBe(false);
  expect((await volumeFile(cluster, pod.plan.image, volume, idFile)).equals(before)).toBe(true);
  return error!;
}
