// The Kafka 3.9.1 image in ZooKeeper mode, the handbook's topology: one broker against the ZooKeeper image
// on the test's own network (headless-service names as network aliases), ready, every tool of Kafka's
// bin/ that it carries working against them (the broker has an authorizer and JMX for kafka-acls.sh and
// kafka-jmx.sh: toolsBroker), and no setuid or setgid file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pod, Sandbox, setuidFiles, waitReady } from './lib/docker.ts';
import { SMALL_BROKER, toolsBroker } from './lib/kafka-env.ts';
import {
  adminTools,
  clientTools,
  imageTools,
  notRun,
  partitionTools,
  TOOLS,
  zookeeperModeTools,
} from './lib/kafka-tools.ts';
import { randomUuid, roundTrip } from './lib/kafka-wrappers.ts';
import { STANDALONE_ZK } from '../../tools/images/zk-pod.ts';

const IMAGE = 'statefulset-agents/kafka:3.9.1';
const ZOOKEEPER = 'zk-0.zk-hs.default.svc.cluster.local:2181';
const sandbox = new Sandbox();
let broker: Pod;

beforeAll(async () => {
  const zk = await sandbox.start(STANDALONE_ZK);
  await waitReady(zk, 9141, 90_000);
  broker = await sandbox.start({
    image: IMAGE,
    hostname: 'kafka-0',
    domain: 'kafka-hs.default.svc.cluster.local',
    env: { ...SMALL_BROKER, ...toolsBroker('zookeeper'), KAFKA_ZOOKEEPER_CONNECT: ZOOKEEPER },
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

  it("carries each tool of Kafka 3.9's bin/ that its jars run, by its usual name", async () => {
    expect(await imageTools(broker)).toEqual({ listed: TOOLS[3], links: TOOLS[3] });
  });

  it('runs kafka-configs (SCRAM, throttles), acls, features, cluster, broker-api-versions, client-metrics, delegation-tokens', async () => {
    await adminTools(broker, 3);
  });

  it('runs the verifiable producer and consumer, get-offsets, dump-log, log-dirs, reassign, leader-election, delete-records, replica-verification, streams-application-reset', async () => {
    await partitionTools(broker);
  });

  it('runs the producer and consumer perf tests, transactions, e2e-latency and kafka-jmx.sh', async () => {
    await clientTools(broker, 3);
  });

  it('runs zookeeper-shell, zookeeper-security-migration, metadata-quorum and mirror-maker', async () => {
    await zookeeperModeTools(broker, ZOOKEEPER);
  });

  it('has run every tool it carries', () => {
    expect(notRun(broker, 3)).toEqual([]);
  });

  it('has no setuid or setgid file (CIS Docker Benchmark 4.8)', async () => {
    expect(await setuidFiles(IMAGE)).toEqual([]);
  });
});
