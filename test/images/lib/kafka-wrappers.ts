// The Kafka wrappers an operator types, run inside a ready broker's container: each must reach the
// broker (or, for kafka-storage.sh, print what it was asked for). Shared by the KRaft and ZooKeeper-mode
// image tests; kafka-metadata-quorum.sh's quorum only where there is one (KRaft). Every tool run here is
// recorded by name, so that a test can check that each tool of the image ran (kafka-tools.ts).
import { expect } from 'vitest';
import type { Pod, Run } from './docker.ts';
import { TOOL_ENV } from './kafka-env.ts';

export const BOOTSTRAP = ['--bootstrap-server', 'localhost:9092'];

const ran = new WeakMap<Pod, Set<string>>();

/** The names of Kafka's tools (`kafka-*.sh`, `zookeeper-*.sh`) run in `pod` so far. */
export function toolsRan(pod: Pod): ReadonlySet<string> {
  return ran.get(pod) ?? new Set();
}

/**
 * `args` in the pod with the tools' heap, whatever its exit status. Bounded inside the container too:
 * a docker exec client killed at its deadline leaves its process running there.
 */
export function runTool(pod: Pod, args: readonly string[], limitSeconds = 90): Promise<Run> {
  const names = ran.get(pod) ?? new Set<string>();
  ran.set(pod, names);
  for (const name of args.join(' ').match(/\b(kafka|zookeeper)-[a-z0-9-]+\.sh\b/g) ?? []) names.add(name);
  return pod.exec(['timeout', String(limitSeconds), ...TOOL_ENV, ...args], (limitSeconds + 30) * 1000);
}

/** Its stdout; fails the test with both outputs unless it exits 0. */
export async function tool(pod: Pod, args: readonly string[], limitSeconds?: number): Promise<string> {
  const run = await runTool(pod, args, limitSeconds);
  expect(run.status, `${args.join(' ')}:\n${run.stdout}${run.stderr}`).toBe(0);
  return run.stdout;
}

/** Both outputs of a run that must fail (a refusal the broker or the tool documents). */
export async function refused(pod: Pod, args: readonly string[]): Promise<string> {
  const run = await runTool(pod, args);
  expect(run.status, `${args.join(' ')} should fail:\n${run.stdout}${run.stderr}`).not.toBe(0);
  return run.stdout + run.stderr;
}

/** Creates a topic, produces three records, consumes them in a group, and lists topic and group. */
export async function roundTrip(pod: Pod): Promise<void> {
  await createTopic(pod, 'images');
  expect(await tool(pod, ['kafka-topics.sh', ...BOOTSTRAP, '--list'])).toContain('images');
  await tool(pod, [
    'sh',
    '-c',
    'printf "one\\ntwo\\nthree\\n" | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic images',
  ]);
  const consumed = await tool(pod, [
    'kafka-console-consumer.sh',
    ...BOOTSTRAP,
    '--topic',
    'images',
    '--from-beginning',
    '--max-messages',
    '3',
    '--group',
    'images-test',
    '--timeout-ms',
    '30000',
  ]);
  expect(consumed.split('\n').filter(Boolean)).toEqual(['one', 'two', 'three']);
  expect(await tool(pod, ['kafka-consumer-groups.sh', ...BOOTSTRAP, '--list'])).toContain('images-test');
}

/** kafka-topics.sh --create: one partition, one replica (a one-node cluster). */
export async function createTopic(pod: Pod, topic: string): Promise<void> {
  const args = ['--create', '--topic', topic, '--partitions', '1', '--replication-factor', '1'];
  await tool(pod, ['kafka-topics.sh', ...BOOTSTRAP, ...args]);
}

export async function randomUuid(pod: Pod): Promise<string> {
  return (await tool(pod, ['kafka-storage.sh', 'random-uuid'])).trim();
}

export async function quorumStatus(pod: Pod): Promise<string> {
  return tool(pod, ['kafka-metadata-quorum.sh', ...BOOTSTRAP, 'describe', '--status']);
}
