// The handbook's deployment as its reader runs it, on the local StatefulSet runner: manifests/zookeeper,
// then manifests/kafka (ZooKeeper mode), the handbook's verify flow through the wrappers in the pods, then
// faults under an acks=all producer (a ZooKeeper follower and the leader deleted, a broker deleted, a
// broker's JVM killed, a rolling restart), each ending with the pod back Ready on its own identity and
// volume and every acknowledged message read back; last, zk-1 given zk-0's volume refuses to start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../tools/manifests.ts';
import { recordingCluster } from './lib/cluster.ts';
import { underLoad } from './lib/faults.ts';
import type { KafkaClients } from './lib/kafka-client.ts';
import { brokerFaults } from './lib/kafka-faults.ts';
import { kafkaIdentity } from './lib/kafka-pods.ts';
import { clearLeftovers, dataVolume } from './lib/pods.ts';
import { verifyKafkaPods } from '../../tools/handbook-verify.ts';
import { Timings } from './lib/timings.ts';
import { refusesOtherPodsVolume } from './lib/wrong-volume.ts';
import { myid, settledModes, ZK_DATA_MOUNT } from './lib/zookeeper.ts';
import { inNamespace } from './runner/objects.ts';
import type { StatefulSetRunner } from './runner/statefulset.ts';

const timeouts = { readyMs: 300_000 };
const { cluster, events } = recordingCluster('e2e-kafka');
const timings = new Timings('manifests/zookeeper + manifests/kafka');
let zk: StatefulSetRunner;
let clients: KafkaClients;

beforeAll(async () => {
  const pods = ['zk-0', 'zk-1', 'zk-2', 'kafka-0', 'kafka-1', 'kafka-2'];
  await clearLeftovers(
    cluster,
    pods,
    pods.map((pod) => `datadir-${pod}`),
  );
  [zk] = (await timings.time('manifests/zookeeper: zk-0..2 Ready', () =>
    cluster.apply(inNamespace(build('zookeeper')), timeouts),
  )) as [StatefulSetRunner];
  const [kafka] = (await timings.time('manifests/kafka: kafka-0..2 Ready (OrderedReady)', () =>
    cluster.apply(inNamespace(build('kafka')), timeouts),
  )) as [StatefulSetRunner];
  clients = { cluster, kafka };
});

afterAll(async () => {
  timings.print();
  // Killed at once, as the volumes go too: brokers stopped together with ZooKeeper wait out their whole
  // 120 s grace period for a controlled shutdown that cannot happen (seen in the first run).
  await cluster.down({ removeVolumes: true, gracePeriodSeconds: 0 });
});

async function zkIdentity(pod: string): Promise<{ myid: string; volume: string }> {
  return { myid: await myid(cluster, pod), volume: await dataVolume(cluster, pod, ZK_DATA_MOUNT) };
}

/** Deletes zk-<ordinal> under the producer; it comes back with its myid and volume, the ensemble whole. */
async function deleteZkPod(ordinal: number, topic: string, what: string): Promise<void> {
  const pod = zk.pod(ordinal).name;
  const before = await zkIdentity(pod);
  const { recoveryMs } = await underLoad(clients, topic, () => zk.deletePod(ordinal, timeouts));
  timings.record(`${what} (${pod}): Ready again`, recoveryMs);
  expect(await zkIdentity(pod)).toEqual(before);
  expect((await settledModes(cluster, zk)).sort()).toEqual(['follower', 'follower', 'leader']);
  expect(clients.kafka.pods.map((broker) => broker.ready)).toEqual([true, true, true]);
}

describe('manifests/zookeeper and manifests/kafka on the local StatefulSet runner', () => {
  it('brings zk-0..2 and kafka-0..2 to Ready, brokers 1..3 on their own volumes', async () => {
    expect([...zk.pods, ...clients.kafka.pods].map((pod) => [pod.name, pod.ready])).toEqual([
      ['zk-0', true],
      ['zk-1', true],
      ['zk-2', true],
      ['kafka-0', true],
      ['kafka-1', true],
      ['kafka-2', true],
    ]);
    const ids = await Promise.all(clients.kafka.pods.map((pod) => kafkaIdentity(cluster, pod.name)));
    expect(ids.map(({ meta }) => meta['broker.id'])).toEqual(['1', '2', '3']);
    expect(ids.map(({ volume }) => volume.split(' ')[0])).toEqual([
      'datadir-kafka-0',
      'datadir-kafka-1',
      'datadir-kafka-2',
    ]);
  });

  it('passes the handbook verify flow: one ZooKeeper leader, two followers; test-topic created, a message through', async () => {
    expect((await settledModes(cluster, zk)).sort()).toEqual(['follower', 'follower', 'leader']);
    await verifyKafkaPods(cluster);
  });

  it('loses no acknowledged message when a ZooKeeper follower is deleted', async () => {
    const modes = await settledModes(cluster, zk);
    await deleteZkPod(modes.indexOf('follower'), 'fault-delete-zk-follower', 'delete a ZooKeeper follower');
  });

  it('loses no acknowledged message when the ZooKeeper leader is deleted', async () => {
    const modes = await settledModes(cluster, zk);
    await deleteZkPod(modes.indexOf('leader'), 'fault-delete-zk-leader', 'delete the ZooKeeper leader');
  });

  it('loses no acknowledged message when a broker pod is deleted; it returns as the same broker', async () => {
    await brokerFaults(clients, timings, timeouts).deletePod!();
  });

  it('loses no acknowledged message when a broker JVM is killed; liveness waits out its log recovery', async () => {
    await brokerFaults(clients, timings, timeouts).killJvm!();
  });

  it('loses no acknowledged message over a rolling restart of kafka, highest ordinal first', async () => {
    await brokerFaults(clients, timings, timeouts).rollingRestart!();
  });

  it("refuses to start zk-1 on zk-0's volume: exit 1, the identity error, never Ready, myid untouched", async () => {
    const error = await refusesOtherPodsVolume({
      cluster,
      set: zk,
      events,
      ordinal: 1,
      template: 'datadir',
      volumeOf: 0,
      idFile: 'data/myid',
    });
    expect(error).toContain('/var/lib/zookeeper/data/myid says myid "1", but this pod is myid 2');
  });
});
