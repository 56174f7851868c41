// The secure variants on a real Kubernetes, turned on as docs/security.md says (a base and its component of
// manifests/secure, the Secrets made with openssl): every server port speaks TLS only (the listening
// sockets of every pod, each tried with a TLS handshake), an application with a SCRAM user and ACLs
// produces and consumes through the client listener, a wrong password is refused, the NetworkPolicies
// keep out a pod that is not a labelled client (kube-router enforces them on this cluster), and a Secret
// renewed with `kubectl apply` reaches new connections without a restart and without losing an
// acknowledged message.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClusterIdSecret,
  kubectl,
  kubectlRun,
  namespace,
  waitFor,
} from '../../tools/cluster/kubectl.ts';
import { TestPki, type Issued } from '../helpers/test-pki.ts';
import { clientTool, startClientPod, underLoad, type ClientAccess } from './lib/kafka-load.ts';
import { canConnect } from './lib/network.ts';

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const pki = new TestPki('secure-cluster');
afterAll(() => pki.remove());
const ca = pki.certificate('ca', { ca: true });
const APP_USER = 'app';
const APP_PASSWORD = 'app-secret-Kq7';
const CLIENT_LABEL = { 'statefulset-agents/kafka-client': 'true' };
const CA_MOUNT = '/etc/kafka-ca';
const CLIENT_CONFIG = '/tmp/client.properties';

/** The server certificate docs/security.md describes for a StatefulSet's headless and client Services. */
function serverCertificate(name: string, cn: string, ns: string, headless: string, service: string): Issued {
  return pki.certificate(name, {
    issuer: ca,
    cn,
    key: 'rsa-pkcs1',
    sans: [`DNS:*.${headless}.${ns}.svc.cluster.local`, `DNS:${service}.${ns}.svc.cluster.local`],
  });
}

/** The Secret as `kubectl create secret generic --type=kubernetes.io/tls` makes it; applied, so it renews too. */
async function applyTlsSecret(ns: string, name: string, issued: Issued): Promise<void> {
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/tls',
    metadata: { name },
    data: {
      'tls.crt': readFileSync(issued.cert).toString('base64'),
      'tls.key': readFileSync(issued.key).toString('base64'),
      'ca.crt': readFileSync(ca.cert).toString('base64'),
    },
  };
  await kubectl(['-n', ns, 'apply', '-f', '-'], undefined, JSON.stringify(secret));
}

const serialOf = (issued: Issued) => new X509Certificate(readFileSync(issued.cert)).serialNumber;

// In a server pod (uid 1000, the Secret group-readable): the TCP sockets listening, from /proc, and for
// each the outcome of a TLS handshake made with the pod's own certificate (the servers require one).
const PORTS_SCRIPT = `
const fs = require('node:fs'), tls = require('node:tls');
const listening = [];
for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
  for (const line of fs.readFileSync(file, 'utf8').split('\\n').slice(1)) {
    const f = line.trim().split(/\\s+/);
    if (f[3] !== '0A') continue;
    const [addr, port] = f[1].split(':');
    const loopback = /^(0100007F|0000000000000000FFFF00000100007F|00000000000000000000000001000000)$/.test(addr);
    // Bound to one address (ZooKeeper's election port on the pod IP): dialled there, else on loopback.
    const v4 = addr.length === 8 ? addr : /^0{16}FFFF0000/.test(addr) ? addr.slice(24) : undefined;
    const host = v4 && !/^0+$/.test(v4) ? v4.match(/../g).reverse().map((b) => parseInt(b, 16)).join('.') : '127.0.0.1';
    listening.push({ port: parseInt(port, 16), loopback, host });
  }
}
const credentials = { key: fs.readFileSync('/etc/tls/tls.key'), cert: fs.readFileSync('/etc/tls/tls.crt'),
  ca: fs.readFileSync('/etc/tls/ca.crt'), checkServerIdentity: () => undefined };
const handshake = (host, port) => new Promise((resolve) => {
  const s = tls.connect({ host, port, ...credentials }, () => {
    const serial = s.getPeerCertificate().serialNumber; s.destroy(); resolve({ tls: true, serial });
  });
  s.setTimeout(5000, () => { s.destroy(); resolve({ tls: false, why: 'timeout' }); });
  s.on('error', (e) => resolve({ tls: false, why: e.code || e.message }));
});
(async () => {
  const out = [];
  for (const socket of listening) out.push({ ...socket, ...(await handshake(socket.host, socket.port)) });
  console.log(JSON.stringify(out));
})();
`;

interface Socket {
  readonly port: number;
  readonly host: string;
  readonly loopback: boolean;
  readonly tls: boolean;
  readonly serial?: string;
  readonly why?: string;
}

async function listeningSockets(ns: string, pod: string): Promise<Socket[]> {
  const out = await kubectl(['-n', ns, 'exec', pod, '--', 'node', '-e', PORTS_SCRIPT], 60_000);
  const unique = new Map<number, Socket>();
  for (const socket of JSON.parse(out) as Socket[]) unique.set(socket.port, socket);
  return [...unique.values()].sort((a, b) => a.port - b.port);
}

/** The serial a new TLS connection to `port` in `pod` is given. */
async function servedSerial(ns: string, pod: string, port: number): Promise<string | undefined> {
  return (await listeningSockets(ns, pod)).find((socket) => socket.port === port)?.serial;
}

/**
 * Every socket not on loopback is a server port that speaks TLS, except the agent's HTTP port (probes
 * and /metrics, no secret in it); returns the TLS ports for the caller to compare.
 */
function tlsPorts(sockets: readonly Socket[], agentPort: number): number[] {
  const open = sockets.filter((socket) => !socket.loopback && socket.port !== agentPort);
  expect(open.filter((socket) => !socket.tls)).toEqual([]);
  return open.map((socket) => socket.port);
}

async function restartCounts(ns: string, selector: string): Promise<string> {
  return kubectl([
    '-n',
    ns,
    'get',
    'pods',
    '-l',
    selector,
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}={.status.containerStatuses[0].restartCount} {end}',
  ]);
}

/** A Kafka tool in a broker pod as the broker's own user (mTLS on INTERNAL, a super user). */
function adminTool(ns: string, pod: string, fqdn: string) {
  const config = [
    'security.protocol=SSL',
    'ssl.keystore.type=PEM',
    'ssl.keystore.location=/opt/kafka/config/tls/keystore.pem',
    'ssl.truststore.type=PEM',
    'ssl.truststore.location=/opt/kafka/config/tls/truststore.pem',
  ];
  return (tool: string, args: readonly string[]) =>
    kubectl(
      [
        '-n',
        ns,
        'exec',
        pod,
        '--',
        'sh',
        '-c',
        `printf '%s\\n' "$@" > /tmp/admin.properties && ` +
          `KAFKA_HEAP_OPTS=-Xmx192m ${tool} --bootstrap-server ${fqdn}:9091 --command-config /tmp/admin.properties ${args.join(' ')}`,
        'sh',
        ...config,
      ],
      180_000,
    );
}

/** The client pod's properties for the CLIENT listener: SCRAM-SHA-512 over TLS, the CA from a ConfigMap. */
async function writeClientConfig(ns: string, password: string, file = CLIENT_CONFIG): Promise<void> {
  const lines = [
    'security.protocol=SASL_SSL',
    'sasl.mechanism=SCRAM-SHA-512',
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${APP_USER}" password="${password}";`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${CA_MOUNT}/ca.crt`,
  ];
  await clientTool(ns, ['sh', '-c', `printf '%s\\n' "$@" > ${file}`, 'sh', ...lines]);
}

/** Secrets, the CA ConfigMap, `overlay` applied, its StatefulSets rolled out, the labelled client pod. */
async function deploySecure(
  prefix: string,
  overlay: string,
  secrets: (ns: string) => Record<string, Issued>,
  statefulSets: readonly string[],
  clientOf: string,
) {
  const ns = await namespace(prefix);
  for (const [name, issued] of Object.entries(secrets(ns.name))) await applyTlsSecret(ns.name, name, issued);
  await kubectl(['-n', ns.name, 'create', 'configmap', 'kafka-ca', `--from-file=ca.crt=${ca.cert}`]);
  if (overlay.includes('kraft')) await createClusterIdSecret(ns.name);
  const started = Date.now();
  await kubectl(['-n', ns.name, 'apply', '-k', `test/manifests/overlays/${overlay}`]);
  for (const set of statefulSets)
    await kubectl(['-n', ns.name, 'rollout', 'status', `statefulset/${set}`, '--timeout=900s'], 920_000);
  console.log(`${overlay}: applied → rollout complete in ${seconds(started)}`);
  await startClientPod(ns.name, clientOf, {
    labels: CLIENT_LABEL,
    volumes: [{ name: 'ca', mountPath: CA_MOUNT, source: { configMap: { name: 'kafka-ca' } } }],
  });
  return ns;
}

/**
 * The SCRAM user and its ACLs, made by a super user: topics and groups prefixed `secure-`, and the
 * groups the console consumer names itself (`console-consumer-<n>`).
 */
async function addApplicationUser(admin: ReturnType<typeof adminTool>): Promise<void> {
  await admin('kafka-configs.sh', [
    '--alter',
    '--entity-type',
    'users',
    '--entity-name',
    APP_USER,
    '--add-config',
    `'SCRAM-SHA-512=[iterations=4096,password=${APP_PASSWORD}]'`,
  ]);
  for (const resource of [
    ['--topic', 'secure-'],
    ['--group', 'secure-'],
    ['--group', 'console-consumer-'],
  ])
    await admin('kafka-acls.sh', [
      '--add',
      '--allow-principal',
      `User:${APP_USER}`,
      '--operation',
      'All',
      '--resource-pattern-type',
      'prefixed',
      ...resource,
    ]);
}

/**
 * The client listener through the bootstrap Service, by the name the certificate covers: a TLS client
 * checks the name it dials, so the namespace-relative `kafka-bootstrap` would be refused.
 */
const accessIn = (ns: string): ClientAccess => ({
  bootstrap: `kafka-bootstrap.${ns}.svc.cluster.local:9092`,
  config: CLIENT_CONFIG,
});

describe('manifests/secure/zookeeper and manifests/secure/kafka on a real cluster', () => {
  let ns: Awaited<ReturnType<typeof namespace>>;
  const certs: Record<string, Issued> = {};
  beforeAll(async () => {
    ns = await deploySecure(
      'sa-secure',
      'zookeeper-and-kafka-secure',
      (name) => {
        certs['zk-tls'] = serverCertificate('zk', 'zk', name, 'zk-svc', 'zk-client');
        certs['kafka-tls'] = serverCertificate('kafka', 'kafka', name, 'kafka-svc', 'kafka-bootstrap');
        return certs;
      },
      ['zk', 'kafka'],
      'kafka',
    );
    await addApplicationUser(adminTool(ns.name, 'kafka-0', `kafka-0.kafka-svc.${ns.name}.svc.cluster.local`));
    await writeClientConfig(ns.name, APP_PASSWORD);
  });
  afterAll(async () => ns?.remove());

  it('opens no plaintext server port: every socket of every pod off loopback but the agent port is TLS', async () => {
    for (const pod of ['zk-0', 'zk-1', 'zk-2']) {
      const ports = tlsPorts(await listeningSockets(ns.name, pod), 9141);
      expect(ports, pod).toEqual(expect.arrayContaining([2281, 3888]));
      expect(ports, pod).not.toContain(2181);
    }
    for (const pod of ['kafka-0', 'kafka-1', 'kafka-2']) {
      const sockets = await listeningSockets(ns.name, pod);
      expect(tlsPorts(sockets, 9308), pod).toEqual([9091, 9092]);
      // The JMX exporter is the agent's, on loopback only.
      expect(sockets.find((socket) => socket.port === 9404)?.loopback, pod).toBe(true);
    }
  });

  it('has the brokers registered in ZooKeeper over TLS, as zkCli.sh in a server pod shows through its own TLS', async () => {
    const ids = await kubectl(
      [
        '-n',
        ns.name,
        'exec',
        'zk-0',
        '--',
        'zkCli.sh',
        '-server',
        `zk-0.zk-svc.${ns.name}.svc.cluster.local:2281`,
        'ls',
        '/brokers/ids',
      ],
      120_000,
    );
    expect(ids).toContain('[1, 2, 3]');
  });

  it('lets an application with its SCRAM user create, produce and consume through the client listener', async () => {
    const outcome = await underLoad(ns.name, 'secure-verify', async () => {}, accessIn(ns.name));
    expect(outcome.sendErrors).toEqual([]);
    expect(outcome.acked).toBeGreaterThanOrEqual(400);
  });

  it('refuses a wrong SCRAM password', async () => {
    await writeClientConfig(ns.name, 'not-the-password', '/tmp/wrong.properties');
    const run = await kubectlRun(
      [
        '-n',
        ns.name,
        'exec',
        'kafka-client',
        '--',
        'env',
        'KAFKA_HEAP_OPTS=-Xmx192m',
        'kafka-topics.sh',
        '--bootstrap-server',
        accessIn(ns.name).bootstrap,
        '--command-config',
        '/tmp/wrong.properties',
        '--list',
      ],
      120_000,
    );
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/Authentication failed.*SCRAM-SHA-512/);
  });

  it('keeps out pods that are not labelled clients, and clients from the internal listener and ZooKeeper', async () => {
    const broker = `kafka-0.kafka-svc.${ns.name}.svc.cluster.local`;
    const zk = `zk-client.${ns.name}.svc.cluster.local`;
    expect(await canConnect(ns.name, CLIENT_LABEL, broker, 9092)).toBe(true);
    expect(await canConnect(ns.name, {}, broker, 9092, { settleMs: 5000 })).toBe(false);
    expect(await canConnect(ns.name, CLIENT_LABEL, broker, 9091, { settleMs: 5000 })).toBe(false);
    expect(await canConnect(ns.name, CLIENT_LABEL, zk, 2281, { settleMs: 5000 })).toBe(false);
    expect(await canConnect(ns.name, { 'statefulset-agents/zookeeper-client': 'true' }, zk, 2281)).toBe(true);
  });

  it('serves a renewed Secret to new connections without a restart, under load, with nothing acknowledged lost', async () => {
    const before = await restartCounts(ns.name, 'app.kubernetes.io/instance in (zk,kafka)');
    const renewedKafka = serverCertificate('kafka-renewed', 'kafka', ns.name, 'kafka-svc', 'kafka-bootstrap');
    const renewedZk = serverCertificate('zk-renewed', 'zk', ns.name, 'zk-svc', 'zk-client');
    let kafkaSeconds = 0;
    let zkSeconds = 0;
    const outcome = await underLoad(
      ns.name,
      'secure-rotation',
      async () => {
        const started = Date.now();
        await applyTlsSecret(ns.name, 'kafka-tls', renewedKafka);
        await applyTlsSecret(ns.name, 'zk-tls', renewedZk);
        await waitFor('the renewed certificates served by every pod', 300_000, async () => {
          for (const pod of ['kafka-0', 'kafka-1', 'kafka-2'])
            for (const port of [9091, 9092])
              if ((await servedSerial(ns.name, pod, port)) !== serialOf(renewedKafka)) return undefined;
          kafkaSeconds ||= (Date.now() - started) / 1000;
          for (const pod of ['zk-0', 'zk-1', 'zk-2'])
            if ((await servedSerial(ns.name, pod, 2281)) !== serialOf(renewedZk)) return undefined;
          zkSeconds ||= (Date.now() - started) / 1000;
          return true;
        });
      },
      accessIn(ns.name),
    );
    console.log(
      `renewed Secrets applied → served by every broker in ${kafkaSeconds.toFixed(1)} s, by every ZooKeeper server in ${zkSeconds.toFixed(1)} s (the kubelet's Secret sync included)`,
    );
    expect(outcome.sendErrors).toEqual([]);
    expect(await restartCounts(ns.name, 'app.kubernetes.io/instance in (zk,kafka)')).toBe(before);
    const metrics = await kubectl(['-n', ns.name, 'exec', 'kafka-0', '--', 'kafka-agent', 'metrics'], 60_000);
    const expiry = Math.floor(
      new X509Certificate(readFileSync(renewedKafka.cert)).validToDate.getTime() / 1000,
    );
    expect(metrics).toContain(
      `kafka_agent_tls_certificate_expiry_timestamp_seconds{file="/etc/tls/tls.crt"} ${expiry}`,
    );
    expect(metrics).not.toContain(APP_PASSWORD);
    expect(metrics).not.toContain('PRIVATE KEY');
  });
});

describe('manifests/secure/kafka-kraft on a real cluster', () => {
  let ns: Awaited<ReturnType<typeof namespace>>;
  afterAll(async () => ns?.remove());
  beforeAll(async () => {
    ns = await deploySecure(
      'sa-secure-kraft',
      'kafka-kraft-secure',
      (name) => ({ 'kafka-tls': serverCertificate('kraft', 'kafka', name, 'kafka-hs', 'kafka-bootstrap') }),
      ['kafka'],
      'kafka',
    );
    await addApplicationUser(adminTool(ns.name, 'kafka-0', `kafka-0.kafka-hs.${ns.name}.svc.cluster.local`));
    await writeClientConfig(ns.name, APP_PASSWORD);
  });

  it('runs the quorum, replication and clients over TLS only, and serves an application through SCRAM', async () => {
    for (const pod of ['kafka-0', 'kafka-1', 'kafka-2'])
      expect(tlsPorts(await listeningSockets(ns.name, pod), 9308), pod).toEqual([9091, 9092, 9093]);
    const outcome = await underLoad(ns.name, 'secure-kraft', async () => {}, accessIn(ns.name));
    expect(outcome.sendErrors).toEqual([]);
  });
});
