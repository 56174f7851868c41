// Kafka clients for the fault tests, each in a container of the kafka image on the namespace's network:
// the host cannot reach pod IPs (runner/docker.ts), and a client inside a broker's pod would die with
// the pod it is meant to watch. Kafka's own tools, already in the image: VerifiableProducer prints one
// JSON line per acknowledged (or failed) send, so the test knows exactly which values the cluster
// promised to keep; the console consumer reads them back.
import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import {
  ACKS_ALL_PRODUCER,
  durableTopicCreate,
  watchVerifiableProducer,
  type ProducerRun,
} from '../../../tools/harness/kafka-tools.ts';
import { TOOL_ENV } from '../../images/lib/kafka-env.ts';
import type { LocalCluster } from '../runner/cluster.ts';
import { networkName, RUNNER_LABEL } from '../runner/docker-args.ts';
import type { StatefulSetRunner } from '../runner/statefulset.ts';

export const KAFKA_DATA_MOUNT = '/var/lib/kafka';

export interface KafkaClients {
  readonly cluster: LocalCluster;
  readonly kafka: StatefulSetRunner;
}

/** Every broker's advertised address (its pod FQDN), as a client bootstraps from them. */
function bootstrap({ kafka }: KafkaClients): string {
  return kafka.pods.map((pod) => `${pod.plan.aliases[0]}:9092`).join(',');
}

/**
 * `docker run` of a client container of the brokers' image running `entrypoint args…`; `flags` go
 * before the image (env). It carries this run's label, so `down` removes it if the test does not.
 */
function clientRun(
  { cluster, kafka }: KafkaClients,
  name: string,
  flags: readonly string[],
  entrypoint: string,
  args: readonly string[],
): string[] {
  const pod = kafka.pod(0).plan;
  return [
    'run',
    '--rm',
    '--name',
    `${cluster.driver.runId}-${name}`,
    '--network',
    networkName(pod.namespace),
    '--label',
    `${RUNNER_LABEL}=${cluster.driver.runId}`,
    '--env',
    'KAFKA_HEAP_OPTS=-Xmx256m',
    ...flags,
    '--entrypoint',
    entrypoint,
    pod.image,
    ...args,
  ];
}

/** A wrapper the handbook's verify steps call, run in a pod (docker exec as kubectl exec), small heap. */
export async function podTool(
  { cluster }: KafkaClients,
  pod: string,
  args: readonly string[],
  input?: string,
): Promise<string> {
  const command = input === undefined ? args : ['sh', '-c', `printf '%s' "$0" | "$@"`, input, ...args];
  const run = await cluster.exec(pod, [...TOOL_ENV, ...command], 120_000);
  expect(run.status, `${pod}: ${args.join(' ')}:\n${run.stdout}${run.stderr}`).toBe(0);
  return run.stdout;
}

/** A topic with 3 partitions, replication factor 3 and min.insync.replicas 2, created through `pod`. */
export async function createTopic(clients: KafkaClients, pod: string, topic: string): Promise<void> {
  await podTool(clients, pod, [
    'kafka-topics.sh',
    '--bootstrap-server',
    'localhost:9092',
    ...durableTopicCreate(topic),
  ]);
}

/** VerifiableProducer, acks=all, `throughput` records/s until stopped (SIGTERM through docker's sig-proxy). */
export function startProducer(clients: KafkaClients, topic: string, throughput: number): ProducerRun {
  const args = clientRun(
    clients,
    `producer-${topic}`,
    ['--env', `PRODUCER_CONFIG=${ACKS_ALL_PRODUCER.join('\n')}`],
    'sh',
    [
      '-c',
      'printf "%s\\n" "$PRODUCER_CONFIG" > /tmp/producer.properties && exec kafka-run-class.sh org.apache.kafka.tools.VerifiableProducer --producer.config /tmp/producer.properties "$@"',
      'sh',
      '--bootstrap-server',
      bootstrap(clients),
      '--topic',
      topic,
      '--throughput',
      String(throughput),
      '--acks',
      '-1',
    ],
  );
  const { docker, env } = clients.cluster.driver.cli;
  return watchVerifiableProducer(
    spawn(docker, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
}

/**
 * Every value of `topic` from the beginning: the console consumer stops once no record came for 15 s
 * (so every partition has been read to its end, whatever the count; more than was acked is allowed).
 */
export async function consumeAll(clients: KafkaClients, topic: string): Promise<string[]> {
  const run = await clients.cluster.driver.run(
    clientRun(clients, `consumer-${topic}`, [], 'kafka-console-consumer.sh', [
      '--bootstrap-server',
      bootstrap(clients),
      '--topic',
      topic,
      '--from-beginning',
      '--timeout-ms',
      '15000',
    ]),
    180_000,
  );
  expect(run.timedOut, `consumer of ${topic} still running after 180 s:\n${run.stderr}`).toBe(false);
  return run.stdout.split('\n').filter((line) => line !== '');
}
