// manifests/zookeeper as a cluster runs it, through the local StatefulSet runner: the three pods become
// Ready, `zkServer.sh status` (the handbook's verify step, via docker exec as via kubectl exec) shows one
// leader and two followers, and the leader, deleted, comes back Ready with the same myid and volume.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { build } from '../../tools/manifests.ts';
import { clearLeftovers, dataVolume } from './lib/pods.ts';
import { myid, settledModes, ZK_DATA_MOUNT } from './lib/zookeeper.ts';
import { LocalCluster } from './runner/cluster.ts';
import { inNamespace } from './runner/objects.ts';
import type { StatefulSetRunner } from './runner/statefulset.ts';

const timeouts = { readyMs: 240_000 };
const cluster = new LocalCluster({
  cli: { docker: inject('docker'), env: inject('dockerEnv') },
  runId: `e2e-zk-${randomBytes(3).toString('hex')}`,
});
let zk: StatefulSetRunner;

async function modes(): Promise<string[]> {
  return settledModes(cluster, zk);
}

beforeAll(async () => {
  // A clean state: claims left by an interrupted run would carry its data (and its myids) into this one.
  await clearLeftovers(cluster, ['zk-0', 'zk-1', 'zk-2'], ['datadir-zk-0', 'datadir-zk-1', 'datadir-zk-2']);
  const begun = Date.now();
  [zk] = (await cluster.apply(inNamespace(build('zookeeper')), timeouts)) as [StatefulSetRunner];
  console.log(`manifests/zookeeper: 3 pods Ready in ${((Date.now() - begun) / 1000).toFixed(1)} s`);
});

afterAll(async () => {
  await cluster.down({ removeVolumes: true });
});

describe('manifests/zookeeper on the local StatefulSet runner', () => {
  it('brings zk-0..2 to Ready, each resolving its own headless-service FQDN', async () => {
    expect(zk.pods.map((pod) => [pod.name, pod.ready])).toEqual([
      ['zk-0', true],
      ['zk-1', true],
      ['zk-2', true],
    ]);
    const fqdn = await cluster.exec('zk-1', ['hostname', '-f']);
    expect(fqdn.stdout.trim()).toBe('zk-1.zk-svc.default.svc.cluster.local');
  });

  it('forms one ensemble: zkServer.sh status shows one leader and two followers, myids 1..3', async () => {
    expect((await modes()).sort()).toEqual(['follower', 'follower', 'leader']);
    expect(await Promise.all(zk.pods.map((pod) => myid(cluster, pod.name)))).toEqual(['1', '2', '3']);
  });

  it('brings a deleted leader back Ready with the same myid and the same volume, under a new leader', async () => {
    const before = await modes();
    const ordinal = before.indexOf('leader');
    const pod = zk.pod(ordinal).name;
    const id = await myid(cluster, pod);
    const volume = await dataVolume(cluster, pod, ZK_DATA_MOUNT);
    const took = await zk.deletePod(ordinal, timeouts);
    console.log(`deleted leader ${pod}: Ready again in ${(took / 1000).toFixed(1)} s`);
    expect(await myid(cluster, pod)).toBe(id);
    expect(await dataVolume(cluster, pod, ZK_DATA_MOUNT)).toBe(volume);
    expect((await modes()).sort()).toEqual(['follower', 'follower', 'leader']);
  });
});
