// The servers of the TLS benchmarks, with certificates made fresh by openssl (the tests' TestPki) and
// mounted the kubelet's way (the tests' MountedSecret), ECDSA P-256 as docs/security.md's Certificate
// asks of cert-manager:
// - a TLS-only standalone ZooKeeper 3.9.5 through `zk-agent run` (secureClientPort alone, mTLS);
// - one combined KRaft 4.2.0 node through `kafka-agent run` with the harness's TLS settings (INTERNAL:
//   SSL with mTLS, CONTROLLER: SSL) and one more listener, PLAIN: PLAINTEXT, so that plaintext and TLS
//   are measured against the same broker, in the same JVM, in the same run.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startAgent, stopGroup, type AgentProcess } from '../../tools/harness/agent-process.ts';
import { agentGet } from '../../tools/harness/agent-http.ts';
import { KafkaCluster } from '../../tools/harness/kafka-cluster.ts';
import { pollUntil } from '../../tools/harness/poll.ts';
import { freePort } from '../../tools/harness/ports.ts';
import { MountedSecret } from '../../test/helpers/mounted-secret.ts';
import { TestPki, type Issued } from '../../test/helpers/test-pki.ts';
import { residentNodeFlags } from './image-flags.ts';
import { onlyChildOf } from './proc.ts';
import { startZooKeeper, type BenchServer } from './zookeeper.ts';

export interface TlsZooKeeper extends BenchServer {
  readonly tlsDir: string;
  stop(): Promise<void>;
}

/** A standalone ZooKeeper whose only client port is TLS (the pod's certificate names 127.0.0.1 too). */
export async function startTlsZooKeeper(options: { nodeOptions?: string } = {}): Promise<TlsZooKeeper> {
  const pki = new TestPki('bench-zk-tls');
  try {
    const ca = pki.certificate('ca', { ca: true });
    const server = await startZooKeeper({
      ...options,
      tls: ({ hostname, fqdn, dir }) => {
        const sans = [`DNS:${fqdn}`, 'DNS:localhost', 'IP:127.0.0.1'];
        return mount(join(dir, 'tls'), pki.certificate(hostname, { issuer: ca, sans }), ca);
      },
    });
    return {
      ...server,
      tlsDir: server.pod.tlsDir!,
      stop: async () => {
        await server.ensemble.teardown();
        pki.remove();
      },
    };
  } catch (error) {
    pki.remove();
    throw error;
  }
}

export interface TlsKafka {
  readonly cluster: KafkaCluster;
  readonly ip: string;
  readonly nodeId: number;
  /** PLAINTEXT. */
  readonly plainPort: number;
  /** SSL, client certificate required (the harness's INTERNAL, also the inter-broker listener). */
  readonly sslPort: number;
  readonly tlsDir: string;
  readonly confDir: string;
  /** The CA the pod's certificate is of (a client's truststore). */
  readonly caFile: string;
  /** The broker's JVM. */
  readonly brokerPid: number;
  stop(): Promise<void>;
}

const KAFKA_SUBNET = 2;
const execFileAsync = promisify(execFile);

/**
 * One combined KRaft node, 256 MiB heap as the harness's, but with C2 (the harness stops at C1 to
 * start three brokers quickly): a JVM without C2 runs AES-GCM and the handshake's arithmetic far slower
 * than any deployed broker, which would make TLS look dearer than it is.
 */
export async function startTlsKafka(): Promise<TlsKafka> {
  const pki = new TestPki('bench-kafka-tls');
  const ca = pki.certificate('ca', { ca: true, cn: 'bench kafka ca' });
  // The StatefulSet's certificate: the headless Service's names, CN kafka (the brokers' principal).
  const certificate = pki.certificate('kafka', {
    issuer: ca,
    cn: 'kafka',
    sans: ['DNS:*.kafka-hs.test.local', 'DNS:kafka-hs.test.local'],
  });
  const secretDir = mount(pki.path('secret-0'), certificate, ca);
  const plainPort = await freePort();
  const controllerPort = await freePort();
  const ip = `127.0.${KAFKA_SUBNET}.1`;
  let cluster: KafkaCluster | undefined;
  try {
    cluster = await KafkaCluster.start({
      mode: 'kraft',
      replicas: 1,
      subnet: KAFKA_SUBNET,
      label: 'bench-kafka-tls',
      nodeArgs: residentNodeFlags('kafka'),
      tls: { secretDir: () => secretDir },
      env: {
        AGENT_LOG_LEVEL: 'warn',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'INTERNAL:SSL,PLAIN:PLAINTEXT,CONTROLLER:SSL',
        KAFKA_JVM_PERFORMANCE_OPTS:
          '-XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m -XX:MaxDirectMemorySize=128m -Xss512k -Djava.awt.headless=true',
      },
      podEnv: ({ brokerPort }) => ({
        KAFKA_LISTENERS: `INTERNAL://${ip}:${brokerPort},PLAIN://${ip}:${plainPort},CONTROLLER://${ip}:${controllerPort}`,
      }),
    });
    await cluster.waitReady();
    const pod = cluster.pod(0);
    // The agent's only child ("server started" is an info line, and the agents log warnings only here).
    const brokerPid = onlyChildOf(pod.agent!.pid);
    const started = cluster;
    return {
      cluster,
      ip,
      nodeId: pod.nodeId,
      plainPort,
      sslPort: cluster.brokerPort,
      tlsDir: secretDir,
      confDir: pod.confDir,
      caFile: ca.cert,
      brokerPid,
      stop: async () => {
        await started.teardown();
        pki.remove();
      },
    };
  } catch (error) {
    await cluster?.teardown();
    pki.remove();
    throw error;
  }
}

export interface Sidecar {
  readonly agentPort: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * `kafka-agent serve` for the broker's pod (its env, its conf dir), its checks on `kafkaPort`
 * (AGENT_KAFKA_PORT): two of them, one per listener, are the same agent code asking over PLAINTEXT and
 * over SSL, each keeping its connection in its client's pool as a pod's agent does.
 */
export async function startSidecar(kafka: TlsKafka, kafkaPort: number): Promise<Sidecar> {
  const pod = kafka.cluster.pod(0);
  const agentPort = await freePort();
  const agent: AgentProcess = startAgent(
    ['serve', '--hostname', pod.hostname],
    { ...pod.env, AGENT_PORT: String(agentPort), AGENT_KAFKA_PORT: String(kafkaPort) },
    join(pod.dir, `sidecar-${kafkaPort}.log`),
    'kafka-agent',
    residentNodeFlags('kafka'),
  );
  const stop = () => stopGroup(agent);
  try {
    await pollUntil(
      `kafka-agent serve on :${agentPort} (checks on :${kafkaPort}) ready`,
      async () =>
        (await agentGet(agentPort, '/readyz').catch(() => undefined))?.status === 200 ? true : undefined,
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { agentPort, pid: agent.pid, stop };
}

/** Runs a Kafka tool from the broker's jars with a JVM as a client machine would run it (C2, 256 MiB). */
export async function runKafkaTool(
  kafka: TlsKafka,
  mainClass: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const argv = [
    '-Xmx256m',
    '-XX:+UseSerialGC',
    `-Djdk.net.hosts.file=${kafka.cluster.hostsFile}`,
    '-Dlog4j2.configurationFile=file:/dev/null',
    '-cp',
    join(kafka.cluster.home, 'libs', '*'),
    mainClass,
    ...args,
  ];
  try {
    const { stdout, stderr } = await execFileAsync(java, argv, { timeout: timeoutMs, maxBuffer: 16 << 20 });
    return { status: 0, stdout, stderr };
  } catch (error) {
    // A non-zero exit (or the deadline's kill) rejects with what the tool printed.
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    const status = typeof failed.code === 'number' ? failed.code : null;
    return { status, stdout: failed.stdout ?? '', stderr: failed.stderr || String(error) };
  }
}

/** The Secret as the kubelet mounts it: tls.crt, tls.key, ca.crt; its directory (AGENT_TLS_DIR). */
function mount(dir: string, pod: Issued, ca: Issued): string {
  const secret = new MountedSecret(dir);
  secret.swap({ 'tls.crt': pod.cert, 'tls.key': pod.key, 'ca.crt': ca.cert });
  return secret.dir;
}
