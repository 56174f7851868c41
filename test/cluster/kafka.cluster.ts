// manifests/zookeeper then manifests/kafka (ZooKeeper mode, the handbook's topology), and the KRaft base
// with its cluster-id Secret, on a real Kubernetes through kubectl: applied, rolled out, and checked with
// the handbook's own verify steps (list, create test-topic 3 × 3, describe, produce on kafka-0, consume on
// kafka-1) as `kubectl exec` runs them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyKafkaPods, verifyZookeeperPods } from '../e2e/lib/handbook-verify.ts';
import { kubectl, namespace, podExec, waitFor } from '../../tools/cluster/kubectl.ts';

async function applied(ns: string, base: string, statefulSet: string): Promise<number> {
  const started = Date.now();
  await kubectl(['-n', ns, 'apply', '-k', `manifests/${base}`]);
  await kubectl(['-n', ns, 'rollout', 'status', `statefulset/${statefulSet}`, '--timeout=900s'], 920_000);
  const seconds = (Date.now() - started) / 1000;
  console.log(`${base}: applied → rollout complete in ${seconds.toFixed(1)} s`);
  return seconds;
}

describe('manifests/kafka (ZooKeeper mode) on a real cluster', () => {
  let ns: Awaited<ReturnType<typeof namespace>>;
  beforeAll(async () => {
    ns = await namespace('sa-kafka');
    await applied(ns.name, 'zookeeper', 'zk');
    await applied(ns.name, 'kafka', 'kafka');
  });
  afterAll(async () => ns?.remove());

  it("passes the handbook's verify steps through kubectl exec", async () => {
    const steps: string[] = [];
    await verifyZookeeperPods(podExec(ns.name), ['zk-0', 'zk-1', 'zk-2'], (line) => steps.push(line));
    await verifyKafkaPods(podExec(ns.name), { report: (line) => steps.push(line) });
    expect(steps.filter((line) => line.startsWith('$ kubectl exec'))).toHaveLength(9);
  });

  it('brings a deleted broker back Ready with its broker.id, on its claim', async () => {
    const claim = await kubectl([
      '-n',
      ns.name,
      'get',
      'pvc',
      'datadir-kafka-1',
      '-o',
      'jsonpath={.spec.volumeName}',
    ]);
    const uid = await kubectl(['-n', ns.name, 'get', 'pod', 'kafka-1', '-o', 'jsonpath={.metadata.uid}']);
    const started = Date.now();
    await kubectl(['-n', ns.name, 'delete', 'pod', 'kafka-1', '--wait=true']);
    await waitFor('kafka-1 recreated and Ready', 600_000, async () => {
      const [now, ready] = (
        await kubectl([
          '-n',
          ns.name,
          'get',
          'pod',
          'kafka-1',
          '-o',
          'jsonpath={.metadata.uid} {.status.conditions[?(@.type=="Ready")].status}',
        ])
      ).split(' ');
      return now !== uid && ready === 'True' ? true : undefined;
    });
    console.log(`kafka: kafka-1 deleted → Ready again in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(
      await kubectl(['-n', ns.name, 'get', 'pvc', 'datadir-kafka-1', '-o', 'jsonpath={.spec.volumeName}']),
    ).toBe(claim);
    const meta = await kubectl([
      '-n',
      ns.name,
      'exec',
      'kafka-1',
      '--',
      'cat',
      '/var/lib/kafka/data/meta.properties',
    ]);
    expect(meta).toMatch(/^broker\.id=2$/m);
  });
});

describe('manifests/kafka-kraft on a real cluster', () => {
  let ns: Awaited<ReturnType<typeof namespace>>;
  beforeAll(async () => {
    ns = await namespace('sa-kraft');
    // docs/deploying.md "The KRaft cluster id": 16 random bytes in base64url, made once per cluster.
    const id = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
    await kubectl([
      '-n',
      ns.name,
      'create',
      'secret',
      'generic',
      'kafka-cluster-id',
      `--from-literal=cluster-id=${id}`,
    ]);
    await applied(ns.name, 'kafka-kraft', 'kafka');
  });
  afterAll(async () => ns?.remove());

  it('forms one quorum of the three nodes, and passes the handbook verify steps', async () => {
    const quorum = await kubectl([
      '-n',
      ns.name,
      'exec',
      'kafka-0',
      '--',
      'kafka-metadata-quorum.sh',
      '--bootstrap-server',
      'localhost:9092',
      'describe',
      '--status',
    ]);
    expect(quorum).toMatch(/LeaderId:\s+[123]\b/);
    expect(quorum).toMatch(/CurrentVoters:\s+\[.*\b1\b.*\b2\b.*\b3\b.*\]/);
    await verifyKafkaPods(podExec(ns.name));
  });
});
