// Three combined KRaft nodes (Kafka 4.2.0), each started through `kafka-agent run`: storage formatted on
// first start only, the handbook's verify steps, the exec verbs as a kubelet runs them, a killed broker, a
// rolling restart, SIGTERM's order, and a volume of another cluster refused.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaCluster, randomClusterId } from '../../tools/harness/kafka-cluster.ts';
import { logTail } from '../../tools/harness/agent-process.ts';
import {
  createDurableTopic,
  killBrokerMidway,
  rollingRestart,
  handbookVerifySteps,
  sigtermDrainsFirst,
} from './kafka-cluster.scenarios.ts';
import { execVerbsOnFrozenAndKilledBroker, execVerbsOnReadyBroker } from './kafka-exec-verbs.scenarios.ts';

let cluster: KafkaCluster;

beforeAll(async () => {
  cluster = await KafkaCluster.start({
    mode: 'kraft',
    label: 'kafka-kraft',
    // As in kafka-zookeeper.test.ts: the kill test's throttle only slows a follower's fetches after its
    // first, which takes up to replica.fetch.max.bytes (1 MiB) a partition, the whole backlog; with it
    // the victim was back in the ISR before any scrape saw it under-replicated (a CI run, 60 s waited).
    env: { KAFKA_REPLICA_FETCH_MAX_BYTES: '16384' },
  });
  await cluster.waitReady();
}, 240_000);
afterAll(async () => {
  await cluster?.teardown();
}, 120_000);

describe('three combined KRaft nodes through kafka-agent run', () => {
  it('formats each node once, with CLUSTER_ID and its own node.id', () => {
    for (const pod of cluster.pods) {
      const meta = readFileSync(join(pod.logDir, 'meta.properties'), 'utf8');
      expect(meta).toContain(`cluster.id=${cluster.clusterId}`);
      expect(meta).toContain(`node.id=${pod.index + 1}`);
      expect(
        cluster
          .events(pod.index)
          .some((event) => event.msg === 'formatting storage with kafka-storage format'),
      ).toBe(true);
    }
  });

  it('passes the handbook verify steps: list topics, create test-topic with 3 partitions and RF 3', async () => {
    await handbookVerifySteps(cluster);
  }, 120_000);

  it('exec probes through the bundle: ok, ok --ready, status and metrics on a ready node exit 0', async () => {
    await execVerbsOnReadyBroker(cluster, 0);
  }, 60_000);

  it('exec probes through the bundle: ok --ready exits 1 within its timeout for a frozen JVM, ok too once it is killed', async () => {
    await execVerbsOnFrozenAndKilledBroker(cluster, 2);
  }, 180_000);

  it('loses no acknowledged message when a broker JVM is killed; the restarted pod is ready only once in sync', async () => {
    await createDurableTopic(cluster, 'orders', { throttled: true });
    const meta = join(cluster.pod(1).logDir, 'meta.properties');
    const before = { text: readFileSync(meta, 'utf8'), mtime: statSync(meta).mtimeMs };
    await killBrokerMidway(cluster, 1, 'orders');
    // Not formatted again: meta.properties is the same file, untouched.
    expect({ text: readFileSync(meta, 'utf8'), mtime: statSync(meta).mtimeMs }).toEqual(before);
    expect(
      cluster.events(1).filter((event) => event.msg === 'formatting storage with kafka-storage format'),
    ).toHaveLength(1);
  }, 400_000);

  it('rolls all three pods, highest ordinal first, without NOT_ENOUGH_REPLICAS or a lost message', async () => {
    await createDurableTopic(cluster, 'rolling');
    await rollingRestart(cluster, 'rolling');
  }, 600_000);

  it('on SIGTERM answers 503 first, then the broker shuts down in a controlled way', async () => {
    await sigtermDrainsFirst(cluster, 2, /shut down completed|Controlled shutdown|controlled shutdown/i);
    cluster.startPod(2);
    await cluster.waitReady([2]);
  }, 240_000);

  it('refuses a volume of another cluster and leaves it untouched', async () => {
    await cluster.stopPod(0);
    const meta = join(cluster.pod(0).logDir, 'meta.properties');
    const before = readFileSync(meta, 'utf8');
    const saved = cluster.pod(0).env;
    cluster.pod(0).env = { ...saved, CLUSTER_ID: randomClusterId() };
    try {
      cluster.startPod(0);
      const exit = await cluster.pod(0).agent!.exited;
      expect(exit.code).toBe(1);
      expect(logTail(cluster.pod(0).logFile, 5)).toContain('AGENT_ERR_IDENTITY_MISMATCH');
      expect(readFileSync(meta, 'utf8')).toBe(before);
    } finally {
      cluster.pod(0).env = saved;
    }
    cluster.startPod(0);
    await cluster.waitReady([0]);
  }, 240_000);
});
