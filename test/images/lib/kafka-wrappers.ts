// The Kafka wrappers an operator types, run inside a ready broker's container: each must reach the
// broker (or, for kafka-storage.sh, print what it was asked for). Shared by the KRaft and ZooKeeper-mode
// image tests; kafka-metadata-quorum.sh only where there is a quorum (KRaft).
import { expect } from 'vitest';
import type { Pod } from './docker.ts';
import { TOOL_ENV } from './kafka-env.ts';

const BOOTSTRAP = ['--bootstrap-server', 'localhost:9092'];

async function tool(pod: Pod, args: readonly string[]): Promise<string> {
  const run = await pod.exec([...TOOL_ENV, ...args], 90_000);
  expect(run.status, `${args.join(' ')}:\n${run.stdout}${run.stderr}`).toBe(0);
  return run.stdout;
}

/** Creates a topic, produces three records, consumes them in a group, and lists topic and group. */
export async function roundTrip(pod: Pod): Promise<void> {
  await tool(pod, [
    'kafka-topics.sh',
    ...BOOTSTRAP,
    '--create',
    '--topic',
    'images',
    '--partitions',
    '1',
    '--replication-factor',
    '1',
  ]);
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

export async function randomUuid(pod: Pod): Promise<string> {
  return (await tool(pod, ['kafka-storage.sh', 'random-uuid'])).trim();
}

export async function quorumStatus(pod: Pod): Promise<string> {
  return tool(pod, ['kafka-metadata-quorum.sh', ...BOOTSTRAP, 'describe', '--status']);
}
