// manifests/zookeeper on a real Kubernetes: the StatefulSet controller, the kubelet's probes and
// restarts, the scheduler's anti-affinity, a provisioner's claims, the PodDisruptionBudget and the
// eviction API are all upstream's here, not an imitation. The ensemble's faults under a Kafka producer
// (its leader deleted, a rollout restart) are in kafka.cluster.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlRun, namespace } from '../../tools/cluster/kubectl.ts';
import { evict, podState, readyAgain, zkModes } from './lib/pods.ts';
import { podOnOthersClaim } from './lib/wrong-claim.ts';

const PODS = ['zk-0', 'zk-1', 'zk-2'];
let ns: Awaited<ReturnType<typeof namespace>>;
const k = (args: readonly string[], timeoutMs?: number) => kubectl(['-n', ns.name, ...args], timeoutMs);

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
    const found = Object.values(await zkModes(ns.name, PODS)).sort();
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
    const { uid } = await podState(ns.name, 'zk-0');
    const first = await evict(ns.name, 'zk-0');
    expect(first.status, first.stderr).toBe(0);
    const second = await evict(ns.name, 'zk-1');
    expect(second.status).not.toBe(0);
    expect(second.stderr).toMatch(/disruption budget|TooManyRequests|429/i);
    await readyAgain(ns.name, 'zk-0', uid);
    await zkModes(ns.name, PODS);
  });

  it("refuses to start zk-1 on zk-0's claim: the identity error, never Ready, myid untouched", async () => {
    const before = await k(['exec', 'zk-0', '--', 'cat', '/var/lib/zookeeper/data/myid']);
    const error = await podOnOthersClaim(ns.name, { pod: 'zk-1', claimOf: 'zk-0', template: 'datadir' });
    expect(error).toContain('/var/lib/zookeeper/data/myid says myid "1", but this pod is myid 2');
    expect(await k(['exec', 'zk-0', '--', 'cat', '/var/lib/zookeeper/data/myid'])).toBe(before);
  });
});
