// manifests/zookeeper on a real Kubernetes: the StatefulSet controller, the kubelet's probes and
// restarts, the scheduler's anti-affinity, a provisioner's claims, the PodDisruptionBudget and the
// eviction API are all upstream's here, not an imitation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlRun, namespace, waitFor } from '../../tools/cluster/kubectl.ts';

const PODS = ['zk-0', 'zk-1', 'zk-2'];
let ns: Awaited<ReturnType<typeof namespace>>;
const k = (args: readonly string[], timeoutMs?: number) => kubectl(['-n', ns.name, ...args], timeoutMs);

/** Each server's mode as `zkServer.sh status` reports it, once every one of them serves (2 min at most). */
function modes(): Promise<Record<string, string>> {
  return waitFor('every server serving', 120_000, async () => {
    const result: Record<string, string> = {};
    for (const pod of PODS) {
      const out = await k(['exec', pod, '--', 'zkServer.sh', 'status']);
      const mine = out.split('\n').find((line) => line.includes('(this pod)')) ?? '';
      const mode = /\b(leader|follower|standalone|observer)\b/.exec(mine)?.[1];
      if (!mode) return undefined;
      result[pod] = mode;
    }
    return result;
  });
}

/** Resolves once `pod` is a pod other than `uid` (recreated) and Ready. */
function readyAgain(pod: string, uid: string): Promise<true> {
  return waitFor(`${pod} recreated and Ready`, 300_000, async () => {
    const [now, ready] = (
      await k([
        'get',
        'pod',
        pod,
        '-o',
        'jsonpath={.metadata.uid} {.status.conditions[?(@.type=="Ready")].status}',
      ])
    ).split(' ');
    return now !== uid && ready === 'True' ? true : undefined;
  });
}

const uidOf = (pod: string) => k(['get', 'pod', pod, '-o', 'jsonpath={.metadata.uid}']);

function eviction(pod: string): string {
  return JSON.stringify({
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name: pod, namespace: ns.name },
  });
}

describe('manifests/zookeeper on a real cluster', () => {
  beforeAll(async () => {
    ns = await namespace('sa-zk');
    const started = Date.now();
    await k(['apply', '-k', 'manifests/zookeeper']);
    await k(['rollout', 'status', 'statefulset/zk', '--timeout=600s'], 620_000);
    console.log(`zookeeper: applied → rollout complete in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  afterAll(async () => ns?.remove());

  it('runs each server on its own node, each on a claim bound by the provisioner', async () => {
    const pods = JSON.parse(await k(['get', 'pods', '-l', 'app=zk', '-o', 'json'])) as {
      items: { spec: { nodeName: string } }[];
    };
    expect(new Set(pods.items.map((pod) => pod.spec.nodeName)).size).toBe(3);
    const claims = JSON.parse(await k(['get', 'pvc', '-o', 'json'])) as {
      items: { status: { phase: string } }[];
    };
    expect(claims.items.map((claim) => claim.status.phase)).toEqual(['Bound', 'Bound', 'Bound']);
  });

  it('gives each agent its ordinal from the pod-index label and the replicas from spec.replicas', async () => {
    for (const [ordinal, pod] of PODS.entries()) {
      const env = await k([
        'exec',
        pod,
        '--',
        'sh',
        '-c',
        'echo $POD_INDEX $ZK_REPLICAS; cat /var/lib/zookeeper/data/myid',
      ]);
      expect(env.trim().split(/\s+/)).toEqual([String(ordinal), '3', String(ordinal + 1)]);
    }
  });

  it("passes the handbook's verify step: zkServer.sh status on every pod, one leader and two followers", async () => {
    const found = Object.values(await modes()).sort();
    expect(found).toEqual(['follower', 'follower', 'leader']);
  });

  it('runs under the RuntimeDefault seccomp profile as uid 1000, with no capabilities and a read-only root', async () => {
    const status = await k(['exec', 'zk-0', '--', 'cat', '/proc/1/status']);
    expect(status).toMatch(/^Seccomp:\s+2$/m);
    expect(status).toMatch(/^CapEff:\s+0+$/m);
    expect(status).toMatch(/^Uid:\s+1000\s/m);
    const write = await kubectlRun(['-n', ns.name, 'exec', 'zk-0', '--', 'touch', '/usr/local/x']);
    expect(write.status).not.toBe(0);
    expect(write.stderr + write.stdout).toMatch(/Read-only file system/);
  });

  it('the PodDisruptionBudget refuses a second eviction while one server is away', async () => {
    const uid = await uidOf('zk-0');
    await kubectl(
      ['create', '--raw', `/api/v1/namespaces/${ns.name}/pods/zk-0/eviction`, '-f', '-'],
      30_000,
      eviction('zk-0'),
    );
    const second = await kubectlRun(
      ['create', '--raw', `/api/v1/namespaces/${ns.name}/pods/zk-1/eviction`, '-f', '-'],
      30_000,
      eviction('zk-1'),
    );
    expect(second.status).not.toBe(0);
    expect(second.stderr).toMatch(/disruption budget|TooManyRequests|429/i);
    await readyAgain('zk-0', uid);
    await modes();
  });

  it('brings the deleted leader back Ready, with its myid and on its claim', async () => {
    const leader = Object.entries(await modes()).find(([, mode]) => mode === 'leader')![0];
    const claim = await k(['get', 'pvc', `datadir-${leader}`, '-o', 'jsonpath={.spec.volumeName}']);
    const uid = await uidOf(leader);
    const started = Date.now();
    await k(['delete', 'pod', leader, '--wait=true']);
    await readyAgain(leader, uid);
    console.log(
      `zookeeper: leader ${leader} deleted → Ready again in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(await k(['get', 'pvc', `datadir-${leader}`, '-o', 'jsonpath={.spec.volumeName}'])).toBe(claim);
    expect((await k(['exec', leader, '--', 'cat', '/var/lib/zookeeper/data/myid'])).trim()).toBe(
      String(Number(leader.split('-')[1]) + 1),
    );
    expect(Object.values(await modes()).sort()).toEqual(['follower', 'follower', 'leader']);
  });

  it('rolls a restart one server at a time, each Ready before the next, and the ensemble keeps its leader', async () => {
    const started = Date.now();
    await k(['rollout', 'restart', 'statefulset/zk']);
    await k(['rollout', 'status', 'statefulset/zk', '--timeout=600s'], 620_000);
    console.log(`zookeeper: rollout restart of 3 servers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(Object.values(await modes()).sort()).toEqual(['follower', 'follower', 'leader']);
  });
});
