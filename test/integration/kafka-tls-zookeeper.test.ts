// Three Kafka 3.9.1 brokers in ZooKeeper mode with no plaintext port, on a TLS-only ZooKeeper 3.9
// ensemble (both through their agents): the brokers' own listener (inter-broker, mTLS) SSL, clients
// SASL_SSL with SCRAM-SHA-512, the AclAuthorizer with the pods' certificate as super user, and the
// brokers' ZooKeeper client over TLS with the same certificate (KAFKA_ZOOKEEPER_SSL_CLIENT_ENABLE=true:
// the agent fills in the rest). A renewed certificate is loaded into the running brokers under load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ensemble } from '../../tools/harness/ensemble.ts';
import { zookeeperLibDir } from '../../tools/harness/fetch-zookeeper.ts';
import type { KafkaCluster } from '../../tools/harness/kafka-cluster.ts';
import { MountedSecret } from '../helpers/mounted-secret.ts';
import {
  clientsOfASecureCluster,
  KafkaTlsMaterial,
  startSecureKafka,
  expectOnlyTlsListeners,
  rotatesUnderLoad,
  establishedTo,
} from './kafka-tls.scenarios.ts';

let material: KafkaTlsMaterial;
let zookeeper: Ensemble;
let cluster: KafkaCluster;

beforeAll(async () => {
  material = new KafkaTlsMaterial('kafka-tls-zookeeper');
  // ZooKeeper's pods: certificates of the same CA, naming each pod (the brokers verify the name they dial).
  zookeeper = await Ensemble.start({
    libDir: zookeeperLibDir(),
    label: 'kafka-tls-zk-ensemble',
    tls: ({ hostname, fqdn, dir }) => {
      const issued = material.pki.certificate(`zk-${hostname}`, {
        issuer: material.ca,
        cn: hostname,
        sans: [`DNS:${fqdn}`, 'DNS:localhost', 'IP:127.0.0.1'],
      });
      const secret = new MountedSecret(`${dir}/tls`);
      material.mount(secret, issued);
      return secret.dir;
    },
  });
  await zookeeper.waitForQuorum();
  cluster = await startSecureKafka(material, 'kafka.security.authorizer.AclAuthorizer', {
    mode: 'zookeeper',
    zookeeper,
    label: 'kafka-tls-zookeeper',
    env: { KAFKA_ZOOKEEPER_SSL_CLIENT_ENABLE: 'true' },
  });
}, 300_000);
afterAll(async () => {
  await cluster?.teardown();
  await zookeeper?.teardown();
  material?.pki.remove();
}, 120_000);

describe('Kafka in ZooKeeper mode with only TLS listeners and TLS to ZooKeeper, through kafka-agent run', () => {
  it('become ready through the agent over mTLS, talk to ZooKeeper over TLS, and no JVM listens in plaintext', async () => {
    await expectOnlyTlsListeners(cluster, material, [cluster.brokerPort, cluster.clientPort]);
    // ZooKeeper has no plaintext port at all here: a broker connected to it spoke TLS.
    for (const pod of cluster.pods) {
      const ports = zookeeper.pods.map((zk) => zk.clientPort);
      expect(establishedTo(await cluster.brokerPid(pod.index), ports), pod.hostname).not.toEqual([]);
    }
  }, 60_000);

  clientsOfASecureCluster(() => ({ cluster, material }));

  it('loads a renewed certificate into the running brokers under load: same JVMs, no acknowledged message lost', async () => {
    await rotatesUnderLoad(cluster, material, [cluster.brokerPort, cluster.clientPort]);
  }, 300_000);
});
