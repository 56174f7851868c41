// The seed's Kafka verify steps, through the wrappers inside the pods (docker exec as kubectl exec):
// list topics, create test-topic with 3 partitions and replication factor 3, produce a message on one
// broker and consume it on another.
import { expect } from 'vitest';
import { SEED_TOPIC_CREATE } from '../../harness/kafka-tools.ts';
import { podTool, type KafkaClients } from './kafka-client.ts';

const BOOTSTRAP = ['--bootstrap-server', 'localhost:9092'];

export async function seedVerifyFlow(clients: KafkaClients): Promise<void> {
  const [first, second] = [clients.kafka.pod(0).name, clients.kafka.pod(1).name];
  await podTool(clients, first, ['kafka-topics.sh', ...BOOTSTRAP, '--list']);
  await podTool(clients, first, ['kafka-topics.sh', ...BOOTSTRAP, ...SEED_TOPIC_CREATE]);
  expect((await podTool(clients, second, ['kafka-topics.sh', ...BOOTSTRAP, '--list'])).split('\n')).toContain(
    'test-topic',
  );
  const described = await podTool(clients, second, [
    'kafka-topics.sh',
    ...BOOTSTRAP,
    '--describe',
    '--topic',
    'test-topic',
  ]);
  expect(described).toMatch(/PartitionCount:\s*3\s+ReplicationFactor:\s*3/);
  const message = `hello from ${first} at ${Date.now()}`;
  await podTool(
    clients,
    first,
    ['kafka-console-producer.sh', ...BOOTSTRAP, '--topic', 'test-topic'],
    `${message}\n`,
  );
  const consumed = await podTool(clients, second, [
    'kafka-console-consumer.sh',
    ...BOOTSTRAP,
    '--topic',
    'test-topic',
    '--from-beginning',
    '--max-messages',
    '1',
    '--timeout-ms',
    '60000',
  ]);
  expect(consumed.split('\n').filter(Boolean)).toEqual([message]);
}
