// The handbook's topology: three ZooKeeper pods through `zk-agent run` and three Kafka 3.9.1 brokers through
// `kafka-agent run` with the handbook's own env (KAFKA_BROKER_ID from metadata.name, a literal
// $(hostname -f) in KAFKA_ADVERTISED_LISTENERS). A killed broker restarted at once must not crash-loop on
// its old ZooKeeper registration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ensemble } from '../../tools/harness/ensemble.ts';
import { zookeeperLibDir } from '../../tools/harness/fetch-zookeeper.ts';
import { KafkaCluster } from '../../tools/harness/kafka-cluster.ts';
import { HANDBOOK_KAFKA_ENV, handbookKafkaPodEnv } from '../../tools/harness/kafka-handbook-env.ts';
import {
  createDurableTopic,
  killBrokerMidway,
  rollingRestart,
  handbookVerifySteps,
  sigtermDrainsFirst,
} from './kafka-cluster.scenarios.ts';
import { execVerbsOnReadyBroker } from './kafka-exec-verbs.scenarios.ts';

let zookeeper: Ensemble;
let cluster: KafkaCluster;

beforeAll(async () => {
  zookeeper = await Ensemble.start({ libDir: zookeeperLibDir(), label: 'kafka-zk-ensemble' });
  await zookeeper.waitForQuorum();
  cluster = await KafkaCluster.start({
    mode: 'zookeeper',
    zookeeper,
    label: 'kafka-zookeeper',
    // The handbook's kafka.yaml env (heap made small for three brokers on two cores).
    env: {
      ...HANDBOOK_KAFKA_ENV,
      // The kill test's throttle only slows the fetches after a follower's first, which takes up to
      // replica.fetch.max.bytes (1 MiB) a partition: the whole backlog a ZooKeeper-mode broker finds once
      // its old registration expired (about 18 s after the kill). It was back in the ISR 0.4 s after
      // starting, before readiness could be seen waiting; 16 KiB fetches leave it seconds behind.
      KAFKA_REPLICA_FETCH_MAX_BYTES: '16384',
    },
    podEnv: handbookKafkaPodEnv,
  });
  await cluster.waitReady();
}, 300_000);
afterAll(async () => {
  await cluster?.teardown();
  await zookeeper?.teardown();
}, 120_000);

describe("the handbook's Kafka on ZooKeeper through kafka-agent run", () => {
  it("derives broker.id from the handbook's KAFKA_BROKER_ID=metadata.name and expands $(hostname -f)", () => {
    for (const pod of cluster.pods) {
      const messages = cluster.events(pod.index).map((event) => String(event.msg));
      expect(messages).toContain(
        `KAFKA_BROKER_ID=${pod.hostname} is the pod name (metadata.name): id ${pod.index + 1} from its ordinal (ordinal ${pod.index} of ${pod.hostname} + AGENT_ID_OFFSET 1)`,
      );
      expect(messages.some((msg) => msg.includes(`expanded $(hostname …) to PLAINTEXT://${pod.fqdn}:`))).toBe(
        true,
      );
    }
  });

  it('passes the handbook verify steps: list topics, create test-topic with 3 partitions and RF 3', async () => {
    await handbookVerifySteps(cluster);
  }, 120_000);

  it('exec probes through the bundle: ok, ok --ready, status (the controller) and metrics exit 0 on a ready broker', async () => {
    await execVerbsOnReadyBroker(cluster, 1);
  }, 60_000);

  it('loses no acknowledged message when a broker JVM is killed, and the pod restarted at once does not crash-loop', async () => {
    await createDurableTopic(cluster, 'orders', { throttled: true });
    await killBrokerMidway(cluster, 1, 'orders');
    const messages = cluster.events(1).map((event) => String(event.msg));
    expect(messages.some((msg) => msg.startsWith('broker.id 2 is still registered in ZooKeeper'))).toBe(true);
    expect(
      messages.some((msg) => msg.startsWith('broker.id 2 is no longer registered: starting the broker')),
    ).toBe(true);
  }, 400_000);

  it('rolls all three pods, highest ordinal first, without NOT_ENOUGH_REPLICAS or a lost message', async () => {
    await createDurableTopic(cluster, 'rolling');
    await rollingRestart(cluster, 'rolling');
  }, 600_000);

  it('on SIGTERM answers 503 first, then the broker completes a controlled shutdown', async () => {
    await sigtermDrainsFirst(
      cluster,
      2,
      /Controlled shutdown request returned successfully|shut down completed/,
    );
    cluster.startPod(2);
    await cluster.waitReady([2]);
  }, 240_000);
});
