// Three combined KRaft nodes (Kafka 4.2.0) with no plaintext port: the controller listener and the
// brokers' own (inter-broker, mTLS) are SSL, clients have SASL_SSL with SCRAM-SHA-512, and the
// StandardAuthorizer lets only the super users (the pods' certificate, User:CN=kafka, and the test's
// client) in. The agent writes the PEM keystores from the mounted Secret, checks readiness over mTLS,
// and loads a renewed certificate into the running brokers while a producer writes.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaCluster } from '../../tools/harness/kafka-cluster.ts';
import { pollUntil } from '../../tools/harness/poll.ts';
import {
  CLIENT_PASSWORD,
  CLIENT_USER,
  clientsOfASecureCluster,
  KafkaTlsMaterial,
  startSecureKafka,
  expectOnlyTlsListeners,
  rotatesUnderLoad,
  writeSecretFile,
} from './kafka-tls.scenarios.ts';
import { makeTempDir, runAgentAsync } from '../../tools/harness/run-agent.ts';

let material: KafkaTlsMaterial;
let cluster: KafkaCluster;

beforeAll(async () => {
  material = new KafkaTlsMaterial('kafka-tls-kraft');
  cluster = await startSecureKafka(material, 'org.apache.kafka.metadata.authorizer.StandardAuthorizer', {
    mode: 'kraft',
    label: 'kafka-tls-kraft',
  });
}, 300_000);
afterAll(async () => {
  await cluster?.teardown();
  material?.pki.remove();
}, 120_000);

describe('three KRaft nodes with only TLS listeners, through kafka-agent run', () => {
  it('become ready through the agent over mTLS, and no JVM listens in plaintext', async () => {
    await expectOnlyTlsListeners(cluster, material, [
      cluster.brokerPort,
      cluster.clientPort,
      cluster.controllerPort,
    ]);
    const ready = await cluster.get(0, '/readyz');
    expect(ready.json().reason).toMatch(/registered and unfenced/);
  }, 60_000);

  clientsOfASecureCluster(() => ({ cluster, material }));

  it('serves metrics and consumer lag over TLS, the certificate expiry, and checks through SCRAM when told to', async () => {
    const scrapes = await Promise.all(cluster.pods.map((pod) => cluster.get(pod.index, '/metrics')));
    for (const scrape of scrapes) {
      expect(scrape.body).toMatch(
        /^kafka_agent_tls_certificate_expiry_timestamp_seconds\{file="[^"]*tls\.crt"\} \d+/m,
      );
      expect(scrape.body).toMatch(/^kafka_agent_collector_success\{collector="jmx"\} 1$/m);
    }
    // The active controller's agent exports the cluster view, the handbook group's lag among it.
    const owner = await pollUntil(
      'the cluster view with the handbook group',
      async () => {
        const bodies = await Promise.all(cluster.pods.map((pod) => cluster.get(pod.index, '/metrics')));
        return bodies.find((b) => /^kafka_consumergroup_lag\{group="handbook"/m.test(b.body))?.body;
      },
      { timeoutMs: 30_000, intervalMs: 1000 },
    );
    expect(owner).toMatch(/^kafka_cluster_brokers 3$/m);

    // The agent's checks as a SCRAM user on the SASL_SSL listener: `ok --ready` and `status`.
    const dir = makeTempDir('kafka-tls-sasl');
    try {
      const good = writeSecretFile(join(dir.path, 'password'), `${CLIENT_PASSWORD}\n`);
      const bad = writeSecretFile(join(dir.path, 'wrong'), 'wrong-password-xyz\n');
      const sasl = (file: string) => ({
        AGENT_KAFKA_PORT: String(cluster.clientPort),
        AGENT_KAFKA_SASL_USERNAME: CLIENT_USER,
        AGENT_KAFKA_SASL_PASSWORD_FILE: file,
      });
      const [ready, status, refused, mtlsReady, mtlsMetrics] = await Promise.all([
        execWith(0, ['ok', '--ready'], sasl(good)),
        execWith(0, ['status'], sasl(good)),
        execWith(0, ['ok', '--ready', '--timeout', '3000'], sasl(bad)),
        // As the kubelet runs them with the pod's env: over mTLS with the pod's certificate.
        execWith(1, ['ok', '--ready'], {}),
        execWith(1, ['metrics'], {}),
      ]);
      expect(mtlsReady.status, mtlsReady.stdout + mtlsReady.stderr).toBe(0);
      expect(mtlsMetrics.status, mtlsMetrics.stderr).toBe(0);
      expect(mtlsMetrics.stdout).toMatch(/^kafka_agent_tls_certificate_expiry_timestamp_seconds\{/m);
      expect(ready.status, ready.stdout + ready.stderr).toBe(0);
      expect(status.status, status.stdout + status.stderr).toBe(0);
      expect(status.stdout).toMatch(/^Quorum leader: \d+$/m);
      expect(refused.status, refused.stdout).toBe(1);
      expect(refused.stdout + refused.stderr).not.toContain('wrong-password-xyz');
    } finally {
      dir.remove();
    }
  }, 120_000);

  it('loads a renewed certificate into the running brokers under load: same JVMs, no acknowledged message lost', async () => {
    await rotatesUnderLoad(cluster, material, [
      cluster.brokerPort,
      cluster.clientPort,
      cluster.controllerPort,
    ]);
  }, 300_000);

  it('refuses to start with a key that is not the certificate’s: exit 1, one line naming the file, no JVM', async () => {
    const bad = new KafkaTlsMaterial('kafka-tls-bad', 1);
    const dir = makeTempDir('kafka-tls-bad-pod');
    try {
      const other = bad.podCertificate();
      bad.secrets[0]!.swap({
        'tls.crt': other.cert,
        'tls.key': bad.podCertificate().key,
        'ca.crt': bad.ca.cert,
      });
      const run = await execWith(0, ['run'], {
        AGENT_TLS_DIR: bad.secrets[0]!.dir,
        AGENT_CONF_DIR: join(dir.path, 'config'),
        KAFKA_LOG_DIRS: join(dir.path, 'data'),
      });
      expect(run.status, run.stderr).toBe(1);
      const lines = run.stderr.split('\n').filter((line) => line.includes('AGENT_ERR_TLS_INVALID'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(join(bad.secrets[0]!.dir, 'tls.key'));
      expect(run.stderr).not.toContain('server started');
      expect(existsSync(join(dir.path, 'config')), 'nothing written').toBe(false);
    } finally {
      dir.remove();
      bad.pki.remove();
    }
  }, 60_000);
});

/**
 * A verb of pod `index`'s agent with its env and `extra` over it, as an exec probe would run. Each run is
 * a new connection: a TLS handshake (and a SCRAM exchange) before the first request, which took over the
 * default 1 s deadline here with five verbs and another cluster's benchmark sharing two cores; the
 * resident agent's probes keep their connection. 5 s, as a probe's timeoutSeconds would allow.
 */
function execWith(index: number, args: readonly string[], extra: Record<string, string>) {
  const pod = cluster.pod(index);
  const env = Object.fromEntries(
    Object.entries({ ...pod.env, AGENT_CHECK_TIMEOUT: '5000', ...extra }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  return runAgentAsync('kafka-agent', [...args, '--hostname', pod.hostname], { env, timeoutMs: 60_000 });
}
