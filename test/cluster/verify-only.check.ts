// `npm run test:cluster -- --verify-only --namespace NS`: checks a running deployment of these manifests
// without changing anything, so it is safe on a production cluster. Only reads: `kubectl get`, and
// `kubectl exec` of read-only commands (the agents' `ok --ready` and `status`, `zkServer.sh status`,
// `kafka-topics.sh --list` and `--describe`, `kafka-metadata-quorum.sh describe`, `cat` of the id files).
// No topic, message, pod or object is made, deleted or patched. Each StatefulSet the namespace holds is
// checked by its kind: zk (ZooKeeper), kafka / kafka-broker (brokers), kafka-controller (KRaft quorum).
import { describe, expect, it } from 'vitest';
import { kubectl } from '../../tools/cluster/kubectl.ts';
import { TOOL_ENV } from '../../tools/harness/kafka-tools.ts';

const ns = process.env.VERIFY_NAMESPACE ?? 'default';
const k = (args: readonly string[], timeoutMs = 120_000) => kubectl(['-n', ns, ...args], timeoutMs);

interface StatefulSet {
  metadata: { name: string };
  spec: { replicas: number; template: { spec: { containers: { env?: { name: string }[] }[] } } };
  status: {
    readyReplicas?: number;
    updatedReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
  };
}

const sets = (JSON.parse(await k(['get', 'statefulsets', '-o', 'json'])) as { items: StatefulSet[] }).items;
const named = (name: string) => sets.find((set) => set.metadata.name === name);
const pods = (set: StatefulSet) =>
  Array.from({ length: set.spec.replicas }, (_, i) => `${set.metadata.name}-${i}`);
const zk = named('zk');
const brokers = named('kafka-broker') ?? named('kafka');
/** KRaft unless the brokers are given a ZooKeeper connect string. */
const kraft =
  brokers !== undefined &&
  !brokers.spec.template.spec.containers[0]!.env?.some((env) => env.name === 'KAFKA_ZOOKEEPER_CONNECT');

describe(`the deployment in namespace ${ns} (read-only)`, () => {
  it('has StatefulSets of these manifests, every replica Ready on the current revision', () => {
    expect(
      sets.map((set) => set.metadata.name),
      `no zk, kafka, kafka-broker or kafka-controller in ${ns}`,
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^(zk|kafka|kafka-broker|kafka-controller)$/)]));
    for (const set of sets)
      expect(
        [set.metadata.name, set.status.readyReplicas ?? 0, set.status.currentRevision],
        `${set.metadata.name}: ready replicas, current revision`,
      ).toEqual([set.metadata.name, set.spec.replicas, set.status.updateRevision]);
  });

  it('has a PodDisruptionBudget for each StatefulSet that allows one disruption now', async () => {
    const pdbs = JSON.parse(await k(['get', 'pdb', '-o', 'json'])) as {
      items: { metadata: { name: string }; status: { disruptionsAllowed: number; expectedPods: number } }[];
    };
    for (const set of sets) {
      const pdb = pdbs.items.find((item) => item.status.expectedPods === set.spec.replicas);
      expect(pdb, `no PodDisruptionBudget covering ${set.metadata.name}`).toBeDefined();
    }
    expect(pdbs.items.map((pdb) => pdb.status.disruptionsAllowed)).toEqual(pdbs.items.map(() => 1));
  });

  it.runIf(zk)(
    'ZooKeeper: every server Ready by its agent, one leader (zkServer.sh status), myid = ordinal + 1',
    async () => {
      const modes: string[] = [];
      for (const [ordinal, pod] of pods(zk!).entries()) {
        await k(['exec', pod, '--', 'zk-agent', 'ok', '--ready']);
        const status = await k(['exec', pod, '--', 'zkServer.sh', 'status']);
        modes.push(/^Mode: (\w+)/m.exec(status)?.[1] ?? '(none)');
        expect((await k(['exec', pod, '--', 'cat', '/var/lib/zookeeper/data/myid'])).trim()).toBe(
          String(ordinal + 1),
        );
      }
      expect(
        modes.filter((mode) => mode === 'leader'),
        `modes: ${modes.join(', ')}`,
      ).toHaveLength(1);
    },
  );

  it.runIf(brokers)(
    'Kafka: every broker Ready by its agent with its own id; topics listed, none under-replicated',
    async () => {
      const list = brokers!;
      for (const [ordinal, pod] of pods(list).entries()) {
        await k(['exec', pod, '--', 'kafka-agent', 'ok', '--ready']);
        const meta = await k(['exec', pod, '--', 'cat', '/var/lib/kafka/data/meta.properties']);
        expect(meta, `${pod}'s meta.properties`).toMatch(
          new RegExp(`^(broker|node)\\.id=${ordinal + 1}$`, 'm'),
        );
      }
      const pod = `${list.metadata.name}-0`;
      const topics = [...TOOL_ENV, 'kafka-topics.sh', '--bootstrap-server', 'localhost:9092'];
      await k(['exec', pod, '--', ...topics, '--list']);
      expect(
        (await k(['exec', pod, '--', ...topics, '--describe', '--under-replicated-partitions'])).trim(),
      ).toBe('');
    },
  );

  it.runIf(kraft)('KRaft: one quorum leader, and at least three voters replicating', async () => {
    const pod = `${brokers!.metadata.name}-0`;
    const quorum = [
      ...TOOL_ENV,
      'kafka-metadata-quorum.sh',
      '--bootstrap-server',
      'localhost:9092',
      'describe',
    ];
    expect(await k(['exec', pod, '--', ...quorum, '--status'])).toMatch(/LeaderId:\s+\d+/);
    const replication = await k(['exec', pod, '--', ...quorum, '--replication']);
    const voters = replication.split('\n').filter((line) => /\s(Leader|Follower)\s*$/.test(line));
    expect(voters.length, replication).toBeGreaterThanOrEqual(3);
  });
});
