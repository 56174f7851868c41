// Kafka's own tools, run from the broker's jars against a KafkaCluster: the handbook's verify steps
// (kafka-topics), and a real Java producer and consumer whose every acknowledgement is visible
// (VerifiableProducer prints a JSON line per acked or failed send), so a test can say exactly which
// acknowledged message was lost and whether any produce failed with NOT_ENOUGH_REPLICAS.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaCluster } from './kafka-cluster.ts';

export interface ToolRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `mainClass args…` from the cluster's jars to its end (or kills it at the deadline); `input`, if
 * given, is its stdin (the console producer reads its messages there).
 */
export function runTool(
  cluster: KafkaCluster,
  mainClass: string,
  args: readonly string[],
  timeoutMs = 60_000,
  input?: string,
): Promise<ToolRun> {
  const { command, args: argv } = cluster.toolCommand(mainClass, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    child.stdin.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The tools' heap inside a broker's pod: the broker's KAFKA_HEAP_OPTS would apply to them too (as upstream). */
export const TOOL_ENV = ['env', 'KAFKA_HEAP_OPTS=-Xmx128m'];

/** kafka-topics.sh arguments of the handbook's verify step: test-topic with 3 partitions, replication factor 3. */
export const HANDBOOK_TOPIC_CREATE: readonly string[] = [
  '--topic',
  'test-topic',
  '--create',
  '--partitions',
  '3',
  '--replication-factor',
  '3',
];

/** kafka-topics.sh arguments of a topic the fault tests write to: 3 partitions, RF 3, min.insync.replicas 2. */
export function durableTopicCreate(topic: string): string[] {
  return [
    '--create',
    '--topic',
    topic,
    '--partitions',
    '3',
    '--replication-factor',
    '3',
    '--config',
    'min.insync.replicas=2',
  ];
}

/** kafka-topics.sh, as the handbook's verify steps call it. */
export function kafkaTopics(cluster: KafkaCluster, args: readonly string[]): Promise<ToolRun> {
  return runTool(cluster, 'org.apache.kafka.tools.TopicCommand', [
    '--bootstrap-server',
    cluster.bootstrap().join(','),
    ...args,
  ]);
}

/** kafka-console-producer.sh: one message per line of `lines` (its default acks is all); exits once they are sent. */
export function consoleProducer(
  cluster: KafkaCluster,
  topic: string,
  lines: readonly string[],
): Promise<ToolRun> {
  // The class moved from core (Scala, 3.9) to the tools module in 4.x (docs/design.md).
  const mainClass =
    cluster.mode === 'kraft' ? 'org.apache.kafka.tools.ConsoleProducer' : 'kafka.tools.ConsoleProducer';
  return runTool(
    cluster,
    mainClass,
    ['--bootstrap-server', cluster.bootstrap().join(','), '--topic', topic],
    60_000,
    lines.map((line) => `${line}\n`).join(''),
  );
}

export interface ProducerRun {
  /** Values the brokers acknowledged (acks=all). */
  readonly acked: Set<string>;
  /** Failed sends: the exception class and message of each. */
  readonly errors: string[];
  /** Resolves when the producer has sent everything and exited. */
  readonly done: Promise<number | null>;
  /** The last lines the producer printed on stderr (for failure messages). */
  stderrTail(): string;
  /** Throws when the producer exited before being stopped (for a poll's bail). */
  throwIfExited(): void;
  stop(): void;
}

/**
 * VerifiableProducer's --producer.config for the fault tests: acks=all with retries (it sets retries=0
 * unless its config says otherwise, and every leader move of a controlled shutdown would then fail a
 * send outright: docs/design.md), idempotent so a retried send is not written twice.
 */
export const ACKS_ALL_PRODUCER: readonly string[] = [
  'acks=all',
  'retries=2147483647',
  'delivery.timeout.ms=120000',
  'request.timeout.ms=10000',
  'enable.idempotence=true',
  'linger.ms=5',
];

/**
 * VerifiableProducer from the cluster's jars with ACKS_ALL_PRODUCER; `client`: another bootstrap and the
 * client properties it needs there (a TLS listener's).
 */
export function startProducer(
  cluster: KafkaCluster,
  topic: string,
  options: {
    readonly messages: number;
    readonly throughput: number;
    readonly client?: { readonly bootstrap: string; readonly properties: readonly string[] };
  },
): ProducerRun {
  const config = join(cluster.dir, `producer-${topic}-${Date.now()}.properties`);
  writeFileSync(config, [...(options.client?.properties ?? []), ...ACKS_ALL_PRODUCER].join('\n') + '\n');
  const { command, args } = cluster.toolCommand('org.apache.kafka.tools.VerifiableProducer', [
    '--bootstrap-server',
    options.client?.bootstrap ?? cluster.bootstrap().join(','),
    '--topic',
    topic,
    '--max-messages',
    String(options.messages),
    '--throughput',
    String(options.throughput),
    '--acks',
    '-1',
    '--producer.config',
    config,
  ]);
  return watchVerifiableProducer(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
}

/**
 * A running VerifiableProducer's acknowledgements and failures, from its JSON lines on stdout: the
 * process may be the tool itself (the loopback harness) or a `docker run` of it (the e2e client).
 */
export function watchVerifiableProducer(child: ChildProcess): ProducerRun {
  const acked = new Set<string>();
  const errors: string[] = [];
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as {
        name: string;
        value?: string;
        exception?: string;
        message?: string;
      };
      if (event.name === 'producer_send_success') acked.add(String(event.value));
      if (event.name === 'producer_send_error') errors.push(`${event.exception}: ${event.message}`);
    }
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  let exited: number | null | undefined;
  const done = new Promise<number | null>((resolve) =>
    child.once('close', (status) => {
      exited = status;
      resolve(status);
    }),
  );
  return {
    acked,
    errors,
    done,
    stop: () => child.kill('SIGTERM'),
    stderrTail: () => stderr,
    throwIfExited: () => {
      if (exited !== undefined) throw new Error(`the producer exited with status ${exited}:\n${stderr}`);
    },
  };
}

/** Every value of `topic` from the beginning (ConsoleConsumer until `expected` values or the timeout). */
export async function consumeAll(
  cluster: KafkaCluster,
  topic: string,
  expected: number,
  timeoutMs = 60_000,
): Promise<string[]> {
  const run = await runTool(
    cluster,
    'org.apache.kafka.tools.consumer.ConsoleConsumer',
    [
      '--bootstrap-server',
      cluster.bootstrap().join(','),
      '--topic',
      topic,
      '--from-beginning',
      '--max-messages',
      String(expected),
      '--timeout-ms',
      '20000',
    ],
    timeoutMs,
  );
  return run.stdout.split('\n').filter((line) => line !== '');
}
