// The handbook's verify steps inside the pods, as its `kubectl exec` lines run them (`kubectl exec` on a
// real cluster, `docker exec` on the local runner), one flow for the end-to-end suites and the demos: `zkServer.sh status` on every
// ZooKeeper pod (one leader, two followers); on kafka-0 `kafka-topics.sh --bootstrap-server
// localhost:9092 --list` and the create of test-topic (3 partitions, replication factor 3); on kafka-1 the
// list and the describe (3 and 3); a message produced on kafka-0 and consumed back on kafka-1. A failed
// step or check throws: the e2e test fails, the demo's --check exits 1. Plain errors, not vitest's
// expect, as the demo runs outside vitest; each step goes to `report` when one is given (the demo prints).
import { HANDBOOK_TOPIC_CREATE, TOOL_ENV } from './harness/kafka-tools.ts';

/** Runs a command in a pod: `docker exec` on the local runner, `kubectl exec` on a real cluster. */
export interface PodExec {
  /** `docker` or `kubectl`, for the lines the report shows. */
  readonly execWith?: string;
  exec(
    pod: string,
    command: readonly string[],
    timeoutMs: number,
  ): Promise<{ status: number; stdout: string; stderr: string; timedOut?: boolean }>;
}

const HANDBOOK_TOPIC = 'test-topic';
type Brokers = readonly [producer: string, consumer: string];
const BOOTSTRAP = ['--bootstrap-server', 'localhost:9092'];
/** A JVM tool on 2 shared cores, beside three brokers. */
const TOOL_MS = 120_000;

/** Receives each step as a reader would type it (`$ docker exec …`), then what it printed, indented. */
export type VerifyReport = (text: string) => void;

export interface KafkaVerifyOptions {
  readonly report?: VerifyReport;
  /**
   * Volumes kept from an earlier run keep its topic and messages (the demo): the create is skipped and
   * the message produced is looked for among the others. Otherwise an existing topic fails the create.
   */
  readonly topicMayExist?: boolean;
  /** The broker pods that produce and consume: kafka-0 and kafka-1 unless a base names its brokers otherwise. */
  readonly brokers?: readonly [producer: string, consumer: string];
}

function indented(output: string): string {
  return output.trimEnd().replace(/^/gm, '  ');
}

function check(holds: boolean, what: string, output: string): void {
  if (!holds) throw new Error(`${what}; it printed:\n${indented(output)}`);
}

/** Runs `command` in `pod`, reported as `shown`; throws unless it exits 0, else its stdout. */
type PodStep = (pod: string, command: readonly string[], shown?: string) => Promise<string>;

function podSteps(cluster: PodExec, report: VerifyReport | undefined): PodStep {
  return async (pod, command, shown = command.join(' ')) => {
    const line = `${cluster.execWith ?? 'docker'} exec ${pod} ${shown}`;
    const run = await cluster.exec(pod, command, TOOL_MS);
    report?.(`$ ${line}`);
    if (run.stdout.trim() !== '') report?.(indented(run.stdout));
    const status = run.timedOut ? 124 : run.status;
    const stderr = run.stderr.trimEnd().split('\n').slice(-10).join('\n');
    if (status !== 0) throw new Error(`${line} exited ${status}:\n${stderr}`);
    return run.stdout;
  };
}

/** `zkServer.sh status` on every pod, then the ensemble's modes: one leader, two followers. */
export async function verifyZookeeperPods(
  cluster: PodExec,
  pods: readonly string[],
  report?: VerifyReport,
): Promise<void> {
  const step = podSteps(cluster, report);
  const statuses: string[] = [];
  for (const pod of pods) statuses.push(await step(pod, ['zkServer.sh', 'status']));
  const modes = statuses.map((status) => /^Mode: (\w+)/m.exec(status)?.[1] ?? '(none)');
  check(
    modes.toSorted().join() === 'follower,follower,leader',
    `modes ${modes.join(', ')}, not one leader and two followers`,
    statuses.join('\n'),
  );
}

/** Kafka's tools with their own small heap: the broker's KAFKA_HEAP_OPTS would apply to them too. */
function kafkaTools(step: PodStep): PodStep {
  return (pod, command, shown = command.join(' ')) => step(pod, [...TOOL_ENV, ...command], shown);
}

const topics = (...args: string[]) => ['kafka-topics.sh', ...BOOTSTRAP, ...args];

/** Lists the topics on kafka-0 and creates test-topic there, unless kept volumes brought it; whether they did. */
async function createHandbookTopic(
  tool: PodStep,
  [producer]: Brokers,
  report: VerifyReport | undefined,
  topicMayExist: boolean,
): Promise<boolean> {
  const listed = await tool(producer, topics('--list'));
  const kept = topicMayExist && listed.split('\n').includes(HANDBOOK_TOPIC);
  if (kept) report?.(`(${HANDBOOK_TOPIC} is there from an earlier run: its volumes were kept)`);
  else await tool(producer, topics(...HANDBOOK_TOPIC_CREATE));
  return kept;
}

/** kafka-1 lists test-topic and describes it with 3 partitions and replication factor 3. */
async function describeOnOtherBroker(tool: PodStep, [, consumer]: Brokers): Promise<void> {
  const listed = await tool(consumer, topics('--list'));
  check(listed.split('\n').includes(HANDBOOK_TOPIC), `${consumer} does not list ${HANDBOOK_TOPIC}`, listed);
  const described = await tool(consumer, topics('--describe', '--topic', HANDBOOK_TOPIC));
  check(
    /PartitionCount:\s*3\s+ReplicationFactor:\s*3/.test(described),
    `${HANDBOOK_TOPIC} is not 3 partitions, replication factor 3`,
    described,
  );
}

/** One message into test-topic through kafka-0's console producer, on its stdin as `echo … |` gives it. */
async function produceMessage(tool: PodStep, [producer]: Brokers): Promise<string> {
  const message = `hello from ${producer} at ${new Date().toISOString()}`;
  const command = ['kafka-console-producer.sh', ...BOOTSTRAP, '--topic', HANDBOOK_TOPIC];
  await tool(
    producer,
    ['sh', '-c', 'echo "$0" | "$@"', message, ...command],
    `sh -c 'echo "${message}" | ${command.join(' ')}'`,
  );
  return message;
}

/**
 * test-topic from the beginning on kafka-1. Fresh, the message produced must be its only record; kept from
 * earlier runs, it must be among theirs, read until 10 s pass without a new one.
 */
async function consumeMessage(
  tool: PodStep,
  [, consumer]: Brokers,
  message: string,
  kept: boolean,
): Promise<void> {
  const until = kept ? ['--timeout-ms', '10000'] : ['--max-messages', '1', '--timeout-ms', '60000'];
  const command = ['kafka-console-consumer.sh', ...BOOTSTRAP, '--topic', HANDBOOK_TOPIC, '--from-beginning'];
  const consumed = await tool(consumer, [...command, ...until]);
  const values = consumed.split('\n').filter(Boolean);
  const received = kept ? values.includes(message) : values.length === 1 && values[0] === message;
  check(received, `the consumer on ${consumer} did not read back ${JSON.stringify(message)}`, consumed);
}

/** The handbook's Kafka verify steps: list, create, describe, produce on kafka-0, consume on kafka-1. */
export async function verifyKafkaPods(
  cluster: PodExec,
  { report, topicMayExist = false, brokers = ['kafka-0', 'kafka-1'] }: KafkaVerifyOptions = {},
): Promise<void> {
  const tool = kafkaTools(podSteps(cluster, report));
  const kept = await createHandbookTopic(tool, brokers, report, topicMayExist);
  await describeOnOtherBroker(tool, brokers);
  await consumeMessage(tool, brokers, await produceMessage(tool, brokers), kept);
}
