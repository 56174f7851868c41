// manifests/zookeeper then manifests/kafka (ZooKeeper mode, the handbook's topology) on a real Kubernetes
// through kubectl: applied, rolled out, the handbook's own verify steps through `kubectl exec`, then the
// faults an operator meets, each under an acks=all idempotent producer on a topic of RF 3 with
// min.insync.replicas 2 (lib/kafka-load.ts): the ZooKeeper leader and a broker deleted, a broker's JVM
// killed, a rollout restart of each StatefulSet, a worker drained. After each, every acknowledged message
// is read back and the pods involved are back Ready with their own ids on their own claims.
import { spawnSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyKafkaPods, verifyZookeeperPods } from '../../tools/handbook-verify.ts';
import { TOOL_ENV } from '../../tools/harness/kafka-tools.ts';
import { kubectl, namespace, podExec, waitFor } from '../../tools/cluster/kubectl.ts';
import { startClientPod, underLoad, underReplicated } from './lib/kafka-load.ts';
import { allReady, evict, KILL_JAVA, podState, readyAgain, zkModes } from './lib/pods.ts';

const ZK = ['zk-0', 'zk-1', 'zk-2'];
const KAFKA = ['kafka-0', 'kafka-1', 'kafka-2'];
let ns: Awaited<ReturnType<typeof namespace>>;
const k = (args: readonly string[], timeoutMs?: number) => kubectl(['-n', ns.name, ...args], timeoutMs);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function applied(base: string, statefulSet: string): Promise<void> {
  const started = Date.now();
  await k(['apply', '-k', `manifests/${base}`]);
  await k(['rollout', 'status', `statefulset/${statefulSet}`, '--timeout=900s'], 920_000);
  console.log(`${base}: applied → rollout complete in ${seconds(started)}`);
}

/** A broker's id and claim: what must survive every fault. */
async function brokerIdentity(pod: string): Promise<{ brokerId: string; volume: string }> {
  const meta = await k(['exec', pod, '--', 'cat', '/var/lib/kafka/data/meta.properties']);
  const volume = await k(['get', 'pvc', `datadir-${pod}`, '-o', 'jsonpath={.spec.volumeName}']);
  return { brokerId: /^broker\.id=(\d+)$/m.exec(meta)?.[1] ?? '', volume };
}

/** Every object of the namespace with its resourceVersion, each pod's restarts, and the topics. */
async function snapshot(): Promise<{ objects: string[]; topics: string }> {
  const kinds = 'statefulsets,pods,services,pvc,pdb,configmaps,secrets,serviceaccounts';
  const list = JSON.parse(await k(['get', kinds, '-o', 'json'])) as {
    items: {
      kind: string;
      metadata: { name: string; resourceVersion: string };
      status?: { containerStatuses?: { restartCount: number }[] };
    }[];
  };
  const objects = list.items.map(
    ({ kind, metadata, status }) =>
      `${kind}/${metadata.name}@${metadata.resourceVersion} restarts=${status?.containerStatuses?.[0]?.restartCount ?? '-'}`,
  );
  const topics = await k([
    'exec',
    'kafka-0',
    '--',
    ...TOOL_ENV,
    'kafka-topics.sh',
    '--bootstrap-server',
    'localhost:9092',
    '--list',
  ]);
  return { objects: objects.sort(), topics };
}

describe('manifests/kafka (ZooKeeper mode) on a real cluster, under faults', () => {
  beforeAll(async () => {
    ns = await namespace('sa-kafka');
    await applied('zookeeper', 'zk');
    await applied('kafka', 'kafka');
    await startClientPod(ns.name);
  });
  afterAll(async () => {
    // A drain that failed half-way must not leave a worker cordoned for the suites after this one.
    for (const node of (await kubectl(['get', 'nodes', '-o', 'name'])).split('\n').filter(Boolean))
      await kubectl(['uncordon', node]).catch(() => undefined);
    await ns?.remove();
  });

  it("passes the handbook's verify steps through kubectl exec", async () => {
    const steps: string[] = [];
    await verifyZookeeperPods(podExec(ns.name), ZK, (line) => steps.push(line));
    await verifyKafkaPods(podExec(ns.name), { report: (line) => steps.push(line) });
    expect(steps.filter((line) => line.startsWith('$ kubectl exec'))).toHaveLength(9);
    const ids = await Promise.all(KAFKA.map(brokerIdentity));
    expect(ids.map(({ brokerId }) => brokerId)).toEqual(['1', '2', '3']);
  });

  it('passes `test:cluster -- --verify-only` on this deployment, which changes nothing in the namespace', async () => {
    const before = await snapshot();
    const run = spawnSync('npm', ['run', 'test:cluster', '--', '--verify-only', '--namespace', ns.name], {
      encoding: 'utf8',
      timeout: 600_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    // vitest colours its summary even into a pipe when its parent does.
    expect(stripVTControlCharacters(run.stdout)).toMatch(/Tests\s+4 passed \| 1 skipped/);
    expect(await snapshot()).toEqual(before);
  });

  it('loses no acknowledged message when the ZooKeeper leader is deleted; it returns with its myid', async () => {
    const leader = Object.entries(await zkModes(ns.name, ZK)).find(([, mode]) => mode === 'leader')![0];
    const myid = await k(['exec', leader, '--', 'cat', '/var/lib/zookeeper/data/myid']);
    const { uid } = await podState(ns.name, leader);
    await underLoad(ns.name, 'fault-delete-zk-leader', async () => {
      await k(['delete', 'pod', leader, '--wait=true']);
      await readyAgain(ns.name, leader, uid);
    });
    expect(await k(['exec', leader, '--', 'cat', '/var/lib/zookeeper/data/myid'])).toBe(myid);
    expect(Object.values(await zkModes(ns.name, ZK)).sort()).toEqual(['follower', 'follower', 'leader']);
  });

  it('loses no acknowledged message when a broker pod is deleted; it returns as the same broker', async () => {
    const before = await brokerIdentity('kafka-1');
    const { uid } = await podState(ns.name, 'kafka-1');
    await underLoad(ns.name, 'fault-delete-broker', async () => {
      await k(['delete', 'pod', 'kafka-1', '--wait=true']);
      await readyAgain(ns.name, 'kafka-1', uid);
    });
    expect(await brokerIdentity('kafka-1')).toEqual(before);
  });

  it("loses no acknowledged message when a broker's JVM is killed; the kubelet restarts it once", async () => {
    const before = await brokerIdentity('kafka-2');
    const state = await podState(ns.name, 'kafka-2');
    await underLoad(ns.name, 'fault-kill-broker-jvm', async () => {
      const killed = await k(['exec', 'kafka-2', '--', 'sh', '-c', KILL_JAVA]);
      expect(killed.trim(), 'no java was killed in kafka-2').toMatch(/^\d+$/);
      await waitFor('kafka-2 restarted by the kubelet and Ready', 420_000, async () => {
        const now = await podState(ns.name, 'kafka-2');
        return now.restarts > state.restarts && now.ready ? now : undefined;
      });
    });
    const after = await podState(ns.name, 'kafka-2');
    // The same pod, restarted once: liveness did not kill the broker again during its log recovery.
    expect([after.uid, after.restarts]).toEqual([state.uid, state.restarts + 1]);
    expect(await brokerIdentity('kafka-2')).toEqual(before);
  });

  it('rolls a restart of ZooKeeper with no failed send, the ensemble whole after', async () => {
    const outcome = await underLoad(ns.name, 'fault-rollout-zookeeper', async () => {
      await k(['rollout', 'restart', 'statefulset/zk']);
      await k(['rollout', 'status', 'statefulset/zk', '--timeout=900s'], 920_000);
    });
    expect(outcome.sendErrors).toEqual([]);
    expect(Object.values(await zkModes(ns.name, ZK)).sort()).toEqual(['follower', 'follower', 'leader']);
  });

  it('rolls a restart of the brokers with no failed send, and no partition under-replicated as each turns Ready', async () => {
    // A plain roll deletes the next broker the moment this one is Ready, so that moment is observed with
    // the controller held by the update partition, stepped down one ordinal at a time: the real
    // StatefulSet controller still replaces each pod, gated on the agent's readiness.
    const before = await Promise.all(KAFKA.map(brokerIdentity));
    const hold = (partition: number) =>
      k([
        'patch',
        'statefulset',
        'kafka',
        '-p',
        JSON.stringify({ spec: { updateStrategy: { rollingUpdate: { partition } } } }),
      ]);
    await hold(3);
    const atReady: string[] = [];
    const outcome = await underLoad(ns.name, 'fault-rollout-kafka', async () => {
      await k(['rollout', 'restart', 'statefulset/kafka']);
      for (const ordinal of [2, 1, 0]) {
        const pod = `kafka-${ordinal}`;
        const { uid } = await podState(ns.name, pod);
        await hold(ordinal);
        await readyAgain(ns.name, pod, uid);
        atReady.push(await underReplicated(ns.name));
      }
      await k(['rollout', 'status', 'statefulset/kafka', '--timeout=300s'], 320_000);
    });
    expect(atReady).toEqual(['', '', '']);
    expect(outcome.sendErrors).toEqual([]);
    expect(await Promise.all(KAFKA.map(brokerIdentity))).toEqual(before);
  });

  it('drains a worker: its pods evicted within the budgets, a second broker eviction refused, all back on uncordon', async () => {
    const node = (await podState(ns.name, 'kafka-0')).node;
    const onNode = async () =>
      (await k(['get', 'pods', '--field-selector', `spec.nodeName=${node}`, '-o', 'name']))
        .split('\n')
        .filter(Boolean);
    const evicted = (await onNode())
      .map((name) => name.replace('pod/', ''))
      .filter((pod) => pod !== 'kafka-client');
    expect(evicted.sort()).toEqual(['kafka-0', expect.stringMatching(/^zk-\d$/)]);
    const uids = await Promise.all(evicted.map(async (pod) => (await podState(ns.name, pod)).uid));
    let refused = '';
    await underLoad(ns.name, 'fault-drain-worker', async () => {
      const started = Date.now();
      await kubectl(
        ['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=300s'],
        320_000,
      );
      console.log(`kafka: drain of ${node} (${evicted.join(', ')}) in ${seconds(started)}`);
      // Their claims are local to the drained node: the pods wait, Pending, until it is back.
      expect(await onNode()).toEqual([]);
      const second = await evict(ns.name, 'kafka-1');
      expect(second.status, 'the PDB allowed a second broker to go').not.toBe(0);
      refused = second.stderr;
      await kubectl(['uncordon', node]);
      await Promise.all(evicted.map((pod, i) => readyAgain(ns.name, pod, uids[i]!)));
    });
    expect(refused).toMatch(/disruption budget|TooManyRequests|429/i);
    await allReady(ns.name, [...ZK, ...KAFKA]);
    expect((await podState(ns.name, 'kafka-0')).node).toBe(node);
  });
});
