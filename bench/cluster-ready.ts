// Apply to all pods Ready on the local cluster, as an operator meets it: each base applied with
// `kubectl apply -k` into a fresh namespace, timed to `rollout status` complete. ZooKeeper mode is
// manifests/zookeeper, then manifests/kafka once ZooKeeper is rolled out (the brokers need it); KRaft is
// manifests/kafka-kraft, with its cluster-id Secret made first (as docs/deploying.md says, and not timed).
// The images are on the nodes already (`up` loads them), the claims are new. The two modes run one after
// the other, each namespace deleted before the next, and KRaft's figure is printed against ZooKeeper
// mode's whole, the other way to a Kafka cluster.
import { createClusterIdSecret } from '../tools/cluster/kubectl.ts';
import { applyUntilReady, inNamespace } from './lib/cluster-kube.ts';
import { fmt, ratio, type Row } from './lib/table.ts';

const row = (name: string, seconds: number, baseline = '-', ratioText = '-'): Row => ({
  name,
  value: fmt(seconds, 's', 1),
  baseline,
  ratio: ratioText,
  goal: '-',
  met: undefined,
});

export async function benchClusterReady(): Promise<Row[]> {
  const zkMode = await inNamespace('sa-bench-ready-zk', async (ns) => {
    process.stderr.write(`bench: cluster-ready: manifests/zookeeper then manifests/kafka in ${ns}…\n`);
    const zookeeper = await applyUntilReady(ns, 'zookeeper', 'zk');
    const kafka = await applyUntilReady(ns, 'kafka', 'kafka');
    return { zookeeper, kafka };
  });
  const kraft = await inNamespace('sa-bench-ready-kraft', async (ns) => {
    process.stderr.write(`bench: cluster-ready: manifests/kafka-kraft in ${ns}…\n`);
    await createClusterIdSecret(ns);
    return applyUntilReady(ns, 'kafka-kraft', 'kafka');
  });
  const whole = zkMode.zookeeper + zkMode.kafka;
  return [
    row('manifests/zookeeper: apply -k → rollout status complete (3 servers)', zkMode.zookeeper),
    row('manifests/kafka (ZooKeeper mode), after it: apply -k → rollout complete (3 brokers)', zkMode.kafka),
    row('ZooKeeper mode in all: zookeeper + kafka', whole),
    row(
      'manifests/kafka-kraft (3 combined nodes): apply -k → rollout complete',
      kraft,
      `ZooKeeper mode in all: ${fmt(whole, 's', 1)}`,
      ratio(kraft, whole),
    ),
  ];
}
