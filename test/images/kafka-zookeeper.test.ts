// The Kafka 3.9.1 image in ZooKeeper mode, the handbook's topology: one broker against the ZooKeeper image
// on the test's own network (headless-service names as network aliases), ready, wrappers working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pod, Sandbox, waitReady } from './lib/docker.ts';
import { SMALL_BROKER } from './lib/kafka-env.ts';
import { randomUuid, roundTrip } from './lib/kafka-wrappers.ts';
import { STANDALONE_ZK } from '../../tools/images/zk-pod.ts';

const sandbox = new Sandbox();
let broker: Pod;

beforeAll(async () => {
  const zk = await sandbox.start(STANDALONE_ZK);
  await waitReady(zk, 9141, 90_000);
  broker = await sandbox.start({
    image: 'statefulset-agents/kafka:3.9.1',
    hostname: 'kafka-0',
    domain: 'kafka-hs.default.svc.cluster.local',
    env: { ...SMALL_BROKER, KAFKA_ZOOKEEPER_CONNECT: 'zk-0.zk-hs.default.svc.cluster.local:2181' },
    volumes: ['/var/lib/kafka', '/opt/kafka/config'],
  });
  await waitReady(broker, 9308, 150_000);
}, 300_000);
afterAll(() => sandbox.remove());

describe('kafka 3.9.1 image (ZooKeeper mode)', () => {
  it('registers with ZooKeeper under the ordinal id', async () => {
    const status = await broker.exec(['kafka-agent', 'status']);
    expect(status.status, status.stderr).toBe(0);
    // broker.id from the ordinal (kafka-0 → 1), registered, and the controller ZooKeeper elected.
    expect(status.stdout).toContain('broker.id: 1');
    expect(status.stdout).toContain('Mode: ZooKeeper');
    expect(status.stdout).toMatch(/^Controller: 1$/m);
  });

  it('serves topics, producer (kafka.tools.ConsoleProducer on 3.9), consumer and groups', async () => {
    await roundTrip(broker);
  });

  it('runs kafka-storage.sh random-uuid', async () => {
    expect(await randomUuid(broker)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
