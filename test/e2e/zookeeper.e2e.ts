// manifests/zookeeper as a cluster runs it, through the local StatefulSet runner: the three pods become
// Ready, `zkServer.sh status` (the seed's verify step, via docker exec as via kubectl exec) shows one
// leader and two followers, and the leader, deleted, comes back Ready with the same myid and volume.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { build } from '../manifests/lib/kustomize.ts';
import { LocalCluster } from './runner/cluster.ts';
import { inNamespace } from './runner/objects.ts';
import type { StatefulSetRunner } from './runner/statefulset.ts';

const timeouts = { readyMs: 240_000 };
const cluster = new LocalCluster({
  cli: { docker: inject('docker'), env: inject('dockerEnv') },
  runId: `e2e-zk-${randomBytes(3).toString('hex')}`,
});
let zk: StatefulSetRunner;

async function mode(pod: string): Promise<string> {
  const run = await cluster.exec(pod, ['zkServer.sh', 'status'], 30_000);
  expect(run.status, run.stdout + run.stderr).toBe(0);
  return /^Mode: (\w+)/m.exec(run.stdout)?.[1] ?? `(no Mode line: ${run.stdout})`;
}

async function myid(pod: string): Promise<string> {
  const run = await cluster.exec(pod, ['cat', '/var/lib/zookeeper/data/myid']);
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim();
}

/** The volume mounted at the data dir, and when Docker created it (a recreated volume gets a new time). */
async function dataVolume(pod: string): Promise<string> {
  const name = (
    await cluster.driver.ok([
      'inspect',
      '--format',
      '{{range .Mounts}}{{if eq .Destination "/var/lib/zookeeper"}}{{.Name}}{{end}}{{end}}',
      pod,
    ])
  ).trim();
  const created = (await cluster.driver.ok(['volume', 'inspect', '--format', '{{.CreatedAt}}', name])).trim();
  return `${name} created ${created}`;
}

async function modes(): Promise<string[]> {
  return Promise.all(zk.pods.map((pod) => mode(pod.name)));
}

/** Until the ensemble has settled: a deleted leader's peers elect a new one within seconds. */
async function settledModes(timeoutMs = 60_000): Promise<string[]> {
  const begun = Date.now();
  let last: string[] = [];
  while (Date.now() - begun < timeoutMs) {
    last = await modes();
    if (last.filter((m) => m === 'leader').length === 1 && last.filter((m) => m === 'follower').length === 2)
      return last;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  return last;
}

beforeAll(async () => {
  // A clean state: claims left by an interrupted run would carry its data (and its myids) into this one.
  await cluster.driver.run(['rm', '-f', 'zk-0', 'zk-1', 'zk-2']);
  await cluster.driver.run(['volume', 'rm', '-f', 'datadir-zk-0', 'datadir-zk-1', 'datadir-zk-2']);
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
    expect((await settledModes()).sort()).toEqual(['follower', 'follower', 'leader']);
    expect(await Promise.all(zk.pods.map((pod) => myid(pod.name)))).toEqual(['1', '2', '3']);
  });

  it('brings a deleted leader back Ready with the same myid and the same volume, under a new leader', async () => {
    const before = await settledModes();
    const ordinal = before.indexOf('leader');
    const pod = zk.pod(ordinal).name;
    const id = await myid(pod);
    const volume = await dataVolume(pod);
    const took = await zk.deletePod(ordinal, timeouts);
    console.log(`deleted leader ${pod}: Ready again in ${(took / 1000).toFixed(1)} s`);
    expect(await myid(pod)).toBe(id);
    expect(await dataVolume(pod)).toBe(volume);
    expect((await settledModes()).sort()).toEqual(['follower', 'follower', 'leader']);
  });
});
