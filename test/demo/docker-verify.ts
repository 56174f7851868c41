// The seed's verify steps in the containers, as its `kubectl exec` lines run them (here `docker exec`,
// the runner's exec): `zkServer.sh status` on every ZooKeeper pod, then on kafka-0 `kafka-topics.sh
// --bootstrap-server localhost:9092 --list`, create test-topic (3 partitions, replication factor 3),
// describe it, and one message produced and consumed back through the console tools. Throws when a
// step fails, so `--check` exits 1.
import type { LocalCluster } from '../e2e/runner/cluster.ts';
import { DEMO_TOPIC, show } from './verify.ts';

const BOOTSTRAP = ['--bootstrap-server', 'localhost:9092'];
/** A JVM tool on 2 shared cores, beside three brokers. */
const TOOL_MS = 120_000;

async function step(
  cluster: LocalCluster,
  pod: string,
  command: readonly string[],
  shown = command.join(' '),
) {
  const run = await cluster.exec(pod, command, TOOL_MS);
  show(`docker exec ${pod} ${shown}`, run.timedOut ? { ...run, status: 124 } : run);
  return run.stdout;
}

export async function verifyZookeeperPods(cluster: LocalCluster, pods: readonly string[]): Promise<void> {
  for (const pod of pods) await step(cluster, pod, ['zkServer.sh', 'status']);
}

export async function verifyKafkaPods(cluster: LocalCluster, pod = 'kafka-0'): Promise<void> {
  const topics = await step(cluster, pod, ['kafka-topics.sh', ...BOOTSTRAP, '--list']);
  // Volumes kept from an earlier run keep its topic (and its messages): then the create is skipped.
  const existed = topics.split('\n').includes(DEMO_TOPIC);
  if (existed) console.log(`(${DEMO_TOPIC} is there from an earlier run: its volumes were kept)`);
  else
    await step(cluster, pod, [
      'kafka-topics.sh',
      ...BOOTSTRAP,
      '--topic',
      DEMO_TOPIC,
      '--create',
      '--partitions',
      '3',
      '--replication-factor',
      '3',
    ]);
  await step(cluster, pod, ['kafka-topics.sh', ...BOOTSTRAP, '--describe', '--topic', DEMO_TOPIC]);

  const message = `hello from the docker demo at ${new Date().toISOString()}`;
  const producer = `kafka-console-producer.sh ${BOOTSTRAP.join(' ')} --topic ${DEMO_TOPIC}`;
  // The message reaches the producer's stdin through sh inside the pod, as `echo … | kubectl exec -i` would.
  await step(
    cluster,
    pod,
    ['sh', '-c', `echo "$0" | ${producer}`, message],
    `sh -c 'echo "${message}" | ${producer}'`,
  );
  // On a fresh topic the message is the only one; on a kept one it is the last of several, so the
  // consumer reads until 10 s pass without a new one.
  const consumer = [
    'kafka-console-consumer.sh',
    ...BOOTSTRAP,
    '--topic',
    DEMO_TOPIC,
    '--from-beginning',
    ...(existed ? ['--timeout-ms', '10000'] : ['--max-messages', '1', '--timeout-ms', '60000']),
  ];
  const consumed = (await cluster.exec(pod, consumer, TOOL_MS)).stdout;
  const read = consumed.split('\n').filter(Boolean);
  show(`docker exec ${pod} ${consumer.join(' ')}`, {
    status: read.includes(message) ? 0 : 1,
    stdout: existed ? `${read.length} messages, the last: ${read.at(-1) ?? '(none)'}` : consumed,
    stderr: `the consumer read ${JSON.stringify(read)}, not the message produced`,
  });
}
