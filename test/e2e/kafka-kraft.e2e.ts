// The second run: manifests/kafka-kraft (three combined broker+controller nodes, Kafka 4.2.0) on the
// local StatefulSet runner, with the cluster id Secret the operator creates first (docs/deploying.md "The KRaft
// cluster id"); the handbook's verify flow, the broker faults under an acks=all producer (a pod deleted,
// a JVM killed, a rolling restart), and kafka-1 given kafka-0's volume refusing to start.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../tools/manifests.ts';
import { recordingCluster } from './lib/cluster.ts';
import type { KafkaClients } from './lib/kafka-client.ts';
import { brokerFaults } from './lib/kafka-faults.ts';
import { kafkaIdentity, META_PROPERTIES } from './lib/kafka-pods.ts';
import { clearLeftovers } from './lib/pods.ts';
import { verifyKafkaPods } from '../../tools/handbook-verify.ts';
import { Timings } from './lib/timings.ts';
import { refusesOtherPodsVolume } from './lib/wrong-volume.ts';
import { inNamespace, secret } from './runner/objects.ts';
import type { StatefulSetRunner } from './runner/statefulset.ts';

const timeouts = { readyMs: 300_000 };
// A Kafka Uuid, as `kafka-storage.sh random-uuid` prints one: 16 random bytes in base64url.
const clusterId = randomBytes(16).toString('base64url');
const { cluster, events } = recordingCluster('e2e-kraft');
const timings = new Timings('manifests/kafka-kraft');
let clients: KafkaClients;

beforeAll(async () => {
  const pods = ['kafka-0', 'kafka-1', 'kafka-2'];
  await clearLeftovers(
    cluster,
    pods,
    pods.map((pod) => `datadir-${pod}`),
  );
  const objects = [
    ...inNamespace(build('kafka-kraft')),
    secret('kafka-cluster-id', { 'cluster-id': clusterId }),
  ];
  const [kafka] = (await timings.time('manifests/kafka-kraft: kafka-0..2 Ready (Parallel)', () =>
    cluster.apply(objects, timeouts),
  )) as [StatefulSetRunner];
  clients = { cluster, kafka };
});

afterAll(async () => {
  timings.print();
  // Killed at once, as the volumes go too: the last of three nodes stopped together waits out its grace
  // period for a controller quorum that has left.
  await cluster.down({ removeVolumes: true, gracePeriodSeconds: 0 });
});

describe('manifests/kafka-kraft on the local StatefulSet runner', () => {
  it("brings kafka-0..2 to Ready, nodes 1..3 of the operator's cluster id on their own volumes", async () => {
    expect(clients.kafka.pods.map((pod) => [pod.name, pod.ready])).toEqual([
      ['kafka-0', true],
      ['kafka-1', true],
      ['kafka-2', true],
    ]);
    const ids = await Promise.all(clients.kafka.pods.map((pod) => kafkaIdentity(cluster, pod.name)));
    expect(ids.map(({ meta }) => [meta['node.id'], meta['cluster.id']])).toEqual([
      ['1', clusterId],
      ['2', clusterId],
      ['3', clusterId],
    ]);
    expect(ids.map(({ volume }) => volume.split(' ')[0])).toEqual([
      'datadir-kafka-0',
      'datadir-kafka-1',
      'datadir-kafka-2',
    ]);
  });

  it('passes the handbook verify flow: test-topic created, a message through', async () => {
    await verifyKafkaPods(cluster);
  });

  it('loses no acknowledged message when a pod is deleted; it returns as the same node', async () => {
    await brokerFaults(clients, timings, timeouts).deletePod();
  });

  it('loses no acknowledged message when a JVM is killed; liveness waits out its recovery', async () => {
    await brokerFaults(clients, timings, timeouts).killJvm();
  });

  it('loses no acknowledged message over a rolling restart, highest ordinal first', async () => {
    await brokerFaults(clients, timings, timeouts).rollingRestart();
  });

  it("refuses to start kafka-1 on kafka-0's volume: exit 1, the identity error, never Ready, meta.properties untouched", async () => {
    const error = await refusesOtherPodsVolume({
      cluster,
      set: clients.kafka,
      events,
      ordinal: 1,
      template: 'datadir',
      volumeOf: 0,
      idFile: META_PROPERTIES,
    });
    expect(error).toContain(
      '/var/lib/kafka/data/meta.properties says node.id "1", but this pod is node.id 2',
    );
  });
});
