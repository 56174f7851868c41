// The handbook's verify steps, run as `kubectl exec` would run them in the pods, with their output printed:
// zkServer.sh status (here `zk-agent status`), kafka-topics --list, create test-topic (3 partitions,
// replication factor 3), describe it; then one message produced and consumed back. Throws when a step
// fails, so `--check` exits 1.
import type { Ensemble } from '../harness/ensemble.ts';
import type { KafkaCluster } from '../harness/kafka-cluster.ts';
import { consoleProducer, consumeAll, kafkaTopics, type ToolRun } from '../harness/kafka-tools.ts';
import { runAgentAsync } from '../harness/run-agent.ts';

export const DEMO_TOPIC = 'test-topic';

export function show(command: string, run: Pick<ToolRun, 'status' | 'stdout' | 'stderr'>): void {
  console.log(`$ ${command}`);
  const out = run.stdout.trimEnd();
  if (out !== '') console.log(out.replace(/^/gm, '  '));
  if (run.status !== 0) {
    throw new Error(
      `${command} exited ${run.status}:\n${run.stderr.trimEnd().split('\n').slice(-10).join('\n')}`,
    );
  }
}

/**
 * `zkServer.sh status`, the handbook's first verify step, on every pod: the agent's own summary, up to its
 * ensemble table. That table asks each peer on this pod's client port, and only here (several pods on one
 * host) does each pod have its own: the peers would show as unreachable.
 */
export async function verifyZookeeper(ensemble: Ensemble): Promise<void> {
  for (const pod of ensemble.pods) {
    const env = Object.fromEntries(
      Object.entries(pod.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const run = await runAgentAsync('zk-agent', ['status', '--hostname', pod.hostname], { env });
    const own = run.stdout.split('\n');
    const table = own.indexOf('Ensemble:');
    show(`zk-agent status   # in ${pod.hostname}, for zkServer.sh status`, {
      ...run,
      stdout: (table < 0 ? own : own.slice(0, table)).join('\n'),
    });
  }
}

export async function verifyKafka(cluster: KafkaCluster): Promise<void> {
  const bootstrap = `--bootstrap-server ${cluster.bootstrap().join(',')}`;
  show(`kafka-topics.sh ${bootstrap} --list`, await kafkaTopics(cluster, ['--list']));
  const create = ['--topic', DEMO_TOPIC, '--create', '--partitions', '3', '--replication-factor', '3'];
  show(`kafka-topics.sh ${bootstrap} ${create.join(' ')}`, await kafkaTopics(cluster, create));
  const describe = ['--describe', '--topic', DEMO_TOPIC];
  show(`kafka-topics.sh ${bootstrap} ${describe.join(' ')}`, await kafkaTopics(cluster, describe));
  show(`kafka-topics.sh ${bootstrap} --list`, await kafkaTopics(cluster, ['--list']));

  const message = `hello from the demo at ${new Date().toISOString()}`;
  show(
    `echo '${message}' | kafka-console-producer.sh ${bootstrap} --topic ${DEMO_TOPIC}`,
    await consoleProducer(cluster, DEMO_TOPIC, [message]),
  );
  const consumed = await consumeAll(cluster, DEMO_TOPIC, 1);
  show(`kafka-console-consumer.sh ${bootstrap} --topic ${DEMO_TOPIC} --from-beginning --max-messages 1`, {
    status: consumed.includes(message) ? 0 : 1,
    stdout: consumed.join('\n'),
    stderr: `the consumer read ${JSON.stringify(consumed)}, not the message produced`,
  });
}
