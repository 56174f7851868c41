// The Kafka 4.2.0 image as a one-node KRaft cluster (combined roles), run as the manifests run it:
// storage formatted by the agent on the volume, ready through the protocol, every tool of Kafka's bin/
// that it carries working against it (the broker has an authorizer and JMX for kafka-acls.sh and
// kafka-jmx.sh: toolsBroker), and no setuid or setgid file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentHelp, type Pod, Sandbox, setuidFiles, waitReady } from './lib/docker.ts';
import { SMALL_BROKER, toolsBroker } from './lib/kafka-env.ts';
import {
  adminTools,
  clientTools,
  imageTools,
  kraftTools,
  notRun,
  partitionTools,
  TOOLS,
} from './lib/kafka-tools.ts';
import { quorumStatus, randomUuid, roundTrip } from './lib/kafka-wrappers.ts';

const IMAGE = 'statefulset-agents/kafka:4.2.0';
// A fixed, valid Kafka Uuid: the test's own cluster (the agent never invents one).
const CLUSTER_ID = 'q1Sh-9_ISia_zwGINzRvyQ';
const sandbox = new Sandbox();
let pod: Pod;

beforeAll(async () => {
  pod = await sandbox.start({
    image: IMAGE,
    hostname: 'kafka-0',
    domain: 'kafka-hs.default.svc.cluster.local',
    env: { ...SMALL_BROKER, ...toolsBroker('kraft'), KAFKA_PROCESS_ROLES: 'broker,controller', CLUSTER_ID },
    volumes: ['/var/lib/kafka', '/opt/kafka/config'],
  });
  await waitReady(pod, 9308, 150_000);
}, 200_000);
afterAll(() => sandbox.remove());

describe('kafka 4.2.0 image (KRaft)', () => {
  it('runs tini as PID 1 and the broker as uid 1000', async () => {
    expect((await pod.exec(['cat', '/proc/1/comm'])).stdout.trim()).toBe('tini');
    expect((await pod.exec(['id', '-u'])).stdout.trim()).toBe('1000');
  });

  it('formatted its log dir on the volume with the given cluster id', async () => {
    const meta = await pod.exec(['cat', '/var/lib/kafka/data/meta.properties']);
    expect(meta.stdout).toContain(`cluster.id=${CLUSTER_ID}`);
    expect(meta.stdout).toContain('node.id=1');
  });

  it('serves topics, producer, consumer and consumer groups through the wrappers', async () => {
    await roundTrip(pod);
  });

  it('describes its quorum with kafka-metadata-quorum.sh: itself the leader', async () => {
    expect(await quorumStatus(pod)).toMatch(/LeaderId:\s+1/);
  });

  it('makes a cluster id with kafka-storage.sh random-uuid', async () => {
    expect(await randomUuid(pod)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("carries each tool of Kafka 4.2's bin/ that its jars run, by its usual name", async () => {
    expect(await imageTools(pod)).toEqual({ listed: TOOLS[4], links: TOOLS[4] });
  });

  it('runs kafka-configs (SCRAM, throttles), acls, features, cluster, broker-api-versions, client-metrics, delegation-tokens', async () => {
    await adminTools(pod, 4, CLUSTER_ID);
  });

  it('runs the verifiable producer and consumer, get-offsets, dump-log, log-dirs, reassign, leader-election, delete-records, replica-verification, streams-application-reset', async () => {
    await partitionTools(pod);
  });

  it('runs the producer and consumer perf tests, transactions, e2e-latency and kafka-jmx.sh', async () => {
    await clientTools(pod, 4);
  });

  it('runs the share-group tools, kafka-groups.sh and kafka-streams-groups.sh', async () => {
    await kraftTools(pod);
  });

  it('has run every tool it carries', () => {
    expect(notRun(pod, 4)).toEqual([]);
  });

  it('has no setuid or setgid file (CIS Docker Benchmark 4.8)', async () => {
    expect(await setuidFiles(IMAGE)).toEqual([]);
  });

  it('serves the broker JMX series on the agent /metrics', async () => {
    const script =
      "fetch('http://127.0.0.1:9308/metrics').then((r) => r.text()).then((t) => process.stdout.write(t))";
    const run = await pod.exec(['node', '-e', script]);
    // The JMX exporter java agent found in libs/ and reached on 127.0.0.1 (java.instrument, jdk.httpserver
    // and java.management are in the jlinked runtime), the broker in state 3 (RUNNING).
    expect(run.stdout).toContain('kafka_agent_collector_success{collector="jmx"} 1');
    expect(run.stdout).toMatch(/^kafka_server_broker_state 3/m);
  });

  it('runs kafka-agent --help in a fresh hardened container', async () => {
    const run = await agentHelp(IMAGE, 'kafka-agent');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Usage: kafka-agent');
  });

  it('reads the compile cache made at build time, on a read-only root as uid 1000', async () => {
    const run = await agentHelp(IMAGE, 'kafka-agent', ['-e', 'NODE_DEBUG_NATIVE=COMPILE_CACHE']);
    expect(run.status, run.stderr).toBe(0);
    // Node's own trace: the cache for the bundle found and used (a cache made by another uid is never found).
    expect(run.stderr).toMatch(/V8 code cache for CommonJS \/opt\/\w+\/agent\/kafka-agent\.js was accepted/);
  });
});
