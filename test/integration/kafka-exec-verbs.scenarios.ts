// The exec verbs (`ok`, `ok --ready`, `status`, `metrics`) through the built bundle against a real
// cluster, run as a kubelet exec probe runs them: a fresh `node dist/kafka-agent.js` with the pod's own
// env and `--hostname`, beside the pod's resident `kafka-agent run` but sharing nothing with it. The exit
// code is all a kubelet reads, so the states where it must differ are the ones asserted.
import { expect } from 'vitest';
import { createKafkaClient } from '../../agents/kafka/protocol/client.ts';
import { promtoolCheckMetrics } from '../helpers/golden.ts';
import { runAgentAsync, type TimedAgentRun } from '../../tools/harness/run-agent.ts';
import type { KafkaCluster } from '../../tools/harness/kafka-cluster.ts';

/** `kafka-agent <args> --hostname <pod>` with exactly the pod's env (so the same config, ports, ids). */
export function execVerb(
  cluster: KafkaCluster,
  index: number,
  args: readonly string[],
): Promise<TimedAgentRun> {
  const pod = cluster.pod(index);
  const env = Object.fromEntries(
    Object.entries(pod.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return runAgentAsync('kafka-agent', [...args, '--hostname', pod.hostname], { env, timeoutMs: 30_000 });
}

/**
 * A ready broker: `ok` and `ok --ready` exit 0; `status` names its id, roles, the cluster id, who leads
 * (ZooKeeper mode: the controller; KRaft: the quorum leader, as DescribeQuorum says) and its partitions,
 * none behind; `metrics` prints promtool-clean text with the broker's JMX series in it.
 */
export async function execVerbsOnReadyBroker(cluster: KafkaCluster, index: number): Promise<void> {
  const pod = cluster.pod(index);
  const [live, ready, status, metrics] = await Promise.all([
    execVerb(cluster, index, ['ok']),
    execVerb(cluster, index, ['ok', '--ready']),
    execVerb(cluster, index, ['status']),
    execVerb(cluster, index, ['metrics']),
  ]);
  expect(live.status, live.stdout + live.stderr).toBe(0);
  expect(live.stdout).toMatch(/^ok: the broker process runs/);
  expect(ready.status, ready.stdout + ready.stderr).toBe(0);
  expect(ready.stdout).toContain(`ok: broker ${pod.nodeId} is registered and unfenced and in the ISR`);

  // What the cluster itself says, asked by the test on its own connection.
  const client = createKafkaClient({ host: pod.ip, port: cluster.brokerPort, timeoutMs: 3000 });
  let metadata, leader: number;
  try {
    metadata = await client.metadata();
    leader = cluster.mode === 'kraft' ? (await client.describeQuorum()).leaderId : metadata.controllerId;
  } finally {
    await client.close();
  }
  expect(status.status, status.stdout + status.stderr).toBe(0);
  const lines = status.stdout.split('\n');
  if (cluster.mode === 'kraft') {
    expect(lines).toContain(`node.id: ${pod.nodeId}`);
    expect(lines).toContain(`Mode: KRaft (${pod.env.KAFKA_PROCESS_ROLES})`);
    expect(lines).toContain(`Cluster id: ${cluster.clusterId}`);
    expect(lines).toContain(`Quorum leader: ${leader}`);
  } else {
    expect(lines).toContain(`broker.id: ${pod.nodeId}`);
    expect(lines).toContain('Mode: ZooKeeper');
    expect(lines).toContain(`Cluster id: ${metadata.clusterId}`);
    expect(lines).toContain(`Controller: ${leader}`);
  }
  const partitions = /^Partitions hosted: (\d+), not yet in sync: (\d+)/m.exec(status.stdout);
  expect(partitions, status.stdout).not.toBeNull();
  expect(Number(partitions![1]), 'test-topic has a replica on every broker').toBeGreaterThanOrEqual(3);
  expect(Number(partitions![2])).toBe(0);

  expect(metrics.status, metrics.stderr).toBe(0);
  expect(promtoolCheckMetrics(metrics.stdout)).toEqual({ status: 0, output: '' });
  expect(metrics.stdout).toMatch(/^kafka_agent_collector_success\{collector="jmx"\} 1$/m);
  expect(metrics.stdout).toMatch(/^kafka_server_under_replicated_partitions 0(\.0)?$/m);
}

/**
 * A broker whose JVM is frozen (SIGSTOP) answers nothing: `ok --ready` exits 1 within its --timeout,
 * while `ok` (liveness, process-level on purpose) still exits 0 and `status` says what it could not ask.
 * Once the JVM is SIGKILLed (the pod's agent exits 137), `ok` and `ok --ready` both exit 1. The pod is
 * restarted and ready again at the end.
 */
export async function execVerbsOnFrozenAndKilledBroker(cluster: KafkaCluster, index: number): Promise<void> {
  const pid = await cluster.brokerPid(index);
  process.kill(pid, 'SIGSTOP');
  try {
    const [ready, live, status] = await Promise.all([
      execVerb(cluster, index, ['ok', '--ready', '--timeout', '1000']),
      execVerb(cluster, index, ['ok']),
      execVerb(cluster, index, ['status']),
    ]);
    expect(ready.status, ready.stdout).toBe(1);
    expect(ready.stdout).toMatch(/^not ok: /);
    // 1 s deadline plus node's start-up and the bundle's load (about 0.3 s here; two cores, busy).
    expect(ready.elapsedMs, 'ok --ready ends within its deadline').toBeLessThan(4000);
    expect(live.status, live.stdout).toBe(0);
    expect(status.status, status.stdout).toBe(1);
    expect(status.stdout).toMatch(/^Not known: metadata: /m);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  await cluster.waitReady();

  process.kill(await cluster.brokerPid(index), 'SIGKILL');
  expect((await cluster.pod(index).agent!.exited).code).toBe(137);
  const [live, ready] = await Promise.all([
    execVerb(cluster, index, ['ok']),
    execVerb(cluster, index, ['ok', '--ready']),
  ]);
  expect(live.status, live.stdout).toBe(1);
  expect(live.stdout).toContain('not ok: no kafka.Kafka process runs in this pod');
  expect(ready.status, ready.stdout).toBe(1);
  cluster.startPod(index);
  await cluster.waitReady();
}
