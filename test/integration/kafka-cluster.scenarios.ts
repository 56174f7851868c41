// What both Kafka integration tests (ZooKeeper mode and KRaft) prove, on a real three-broker cluster
// started through `kafka-agent run`: the handbook's verify steps, no lost acknowledged message when a broker's
// JVM is killed and its pod restarted at once, readiness that turns 200 only once the broker is back in
// sync, a rolling restart without NOT_ENOUGH_REPLICAS, and SIGTERM's order (503 first, then the broker's
// controlled shutdown).
import { expect } from 'vitest';
import { createKafkaClient } from '../../agents/kafka/protocol/client.ts';
import { pollUntil } from '../../tools/harness/poll.ts';
import type { KafkaCluster } from '../../tools/harness/kafka-cluster.ts';
import {
  consumeAll,
  durableTopicCreate,
  kafkaTopics,
  runTool,
  HANDBOOK_TOPIC_CREATE,
  startProducer,
} from '../../tools/harness/kafka-tools.ts';
import { execVerb } from './kafka-exec-verbs.scenarios.ts';

/** Samples every pod's /readyz until `until` settles; returns the non-200 answers of `watched` pods. */
export async function watchReadiness(
  cluster: KafkaCluster,
  watched: readonly number[],
  until: Promise<unknown>,
): Promise<string[]> {
  const failures: string[] = [];
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    const answers = await Promise.all(
      watched.map((i) => cluster.get(i, '/readyz', 3000).catch((error: Error) => error)),
    );
    answers.forEach((answer, n) => {
      if (answer instanceof Error || answer.status !== 200)
        failures.push(
          `${cluster.pod(watched[n]!).hostname}: ${answer instanceof Error ? answer.message : answer.body}`,
        );
    });
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return failures;
}

/** Under-replicated partitions of `topic`, as broker `via` sees them right now. */
export async function underReplicated(cluster: KafkaCluster, via: number, topic: string): Promise<string[]> {
  const client = createKafkaClient({ host: cluster.pod(via).ip, port: cluster.brokerPort, timeoutMs: 3000 });
  try {
    const metadata = await client.metadata();
    return metadata.topics
      .filter((t) => t.name === topic)
      .flatMap((t) =>
        t.partitions
          .filter((p) => p.isr.length < p.replicas.length)
          .map((p) => `${t.name}-${p.partition} leader=${p.leader} isr=${p.isr.join(',')}`),
      );
  } finally {
    await client.close();
  }
}

export async function handbookVerifySteps(cluster: KafkaCluster): Promise<void> {
  const list = await kafkaTopics(cluster, ['--list']);
  expect(list.status, list.stderr).toBe(0);
  const create = await kafkaTopics(cluster, HANDBOOK_TOPIC_CREATE);
  expect(create.status, create.stderr).toBe(0);
  expect(create.stdout).toContain('Created topic test-topic');
  const describe = await kafkaTopics(cluster, ['--describe', '--topic', 'test-topic']);
  expect(describe.stdout).toMatch(/PartitionCount:\s*3/);
  expect(describe.stdout).toMatch(/ReplicationFactor:\s*3/);
  expect((await kafkaTopics(cluster, ['--list'])).stdout.split('\n')).toContain('test-topic');
}

export async function createDurableTopic(
  cluster: KafkaCluster,
  topic: string,
  options: { throttled?: boolean } = {},
): Promise<void> {
  const create = await kafkaTopics(cluster, [
    ...durableTopicCreate(topic),
    // Followers of this topic fetch at most at their broker's follower.replication.throttled.rate.
    ...(options.throttled ? ['--config', 'follower.replication.throttled.replicas=*'] : []),
  ]);
  expect(create.status, create.stderr).toBe(0);
}

/**
 * Caps how fast broker `id` fetches as a follower (bytes/s; undefined removes the cap): a restarted
 * broker then takes seconds to catch up, long enough to see readiness wait for it.
 */
async function throttleFollower(
  cluster: KafkaCluster,
  id: number,
  bytesPerSecond: number | undefined,
): Promise<void> {
  const change =
    bytesPerSecond === undefined
      ? ['--delete-config', 'follower.replication.throttled.rate']
      : ['--add-config', `follower.replication.throttled.rate=${bytesPerSecond}`];
  const run = await runTool(cluster, 'kafka.admin.ConfigCommand', [
    '--bootstrap-server',
    cluster.bootstrap().join(','),
    '--entity-type',
    'brokers',
    '--entity-name',
    String(id),
    '--alter',
    ...change,
  ]);
  expect(run.status, run.stderr).toBe(0);
}

/**
 * SIGKILL broker `victim`'s JVM while a producer writes with acks=all; restart its pod at once. The others
 * stay ready all along; the victim comes back with the same id and is ready only once its partitions
 * are back in the ISR (its `kafka-agent status` meanwhile counts them not yet in sync); every
 * acknowledged message is consumed afterwards.
 */
export async function killBrokerMidway(cluster: KafkaCluster, victim: number, topic: string): Promise<void> {
  const others = cluster.pods.map((pod) => pod.index).filter((i) => i !== victim);
  // The topic must be created with createDurableTopic(…, { throttled: true }).
  await throttleFollower(cluster, victim + 1, 8000);
  const producer = startProducer(cluster, topic, { messages: 10_000, throughput: 1000 });
  const othersReady = watchReadiness(cluster, others, producer.done);
  await pollUntil(
    '2,000 acknowledged messages',
    async () => (producer.acked.size >= 2000 ? true : undefined),
    {
      timeoutMs: 60_000,
      bail: () => producer.throwIfExited(),
      describe: () =>
        `${producer.acked.size} acked, errors ${producer.errors.slice(0, 3).join('; ')}\n${producer.stderrTail()}`,
    },
  );

  const pid = await cluster.brokerPid(victim);
  process.kill(pid, 'SIGKILL');
  const exit = await cluster.pod(victim).agent!.exited;
  expect(exit.code, 'the agent exits with the JVM status 128+9').toBe(137);

  // The pod restarts at once (as the kubelet restarts the container): no crash loop, same id.
  cluster.startPod(victim);
  // Meanwhile the others see the victim out of the ISRs: under-replicated partitions show in the metrics.
  await pollUntil(
    'under-replicated partitions > 0 in the metrics',
    async () => {
      for (const i of others) {
        const text = (await cluster.get(i, '/metrics')).body;
        const jmx = /^kafka_server_under_replicated_partitions (\d+)/m.exec(text);
        if (jmx && Number(jmx[1]) > 0) return true;
      }
      return undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  let readyAt: string[] | undefined;
  let readyBody = '';
  const catchingUp: string[] = [];
  let statusWhileBehind: string | undefined;
  await pollUntil(
    `${cluster.pod(victim).hostname} ready again`,
    async () => {
      const answer = await cluster.get(victim, '/readyz').catch(() => undefined);
      if (answer?.status !== 200) {
        // NotReady while its partitions are still under-replicated: readiness is holding for the catch-up.
        const behind = await underReplicated(cluster, others[0]!, topic).catch(() => []);
        if (answer && behind.length > 0) {
          catchingUp.push(answer.body);
          // What an operator's `kafka-agent status` in that pod says meanwhile (once is enough).
          if (answer.json().reason.includes('catching up'))
            statusWhileBehind ??= (await execVerb(cluster, victim, ['status'])).stdout;
        }
        return undefined;
      }
      readyAt = await underReplicated(cluster, victim, topic);
      readyBody = answer.body;
      return true;
    },
    {
      timeoutMs: 180_000,
      intervalMs: 100,
      bail: () =>
        expect(cluster.pod(victim).agent!.exit, 'no crash loop: the agent keeps running').toBeUndefined(),
    },
  );
  expect(readyAt, `no under-replicated partition at the moment /readyz turned 200: ${readyBody}`).toEqual([]);
  expect(
    catchingUp.length,
    'readiness held (503) while the restarted broker was not yet in sync',
  ).toBeGreaterThan(0);
  // When readiness was seen holding for the ISR itself ("catching up", not only "connection refused"
  // while the listener was still closed), `kafka-agent status` in the pod said so too. Whether that
  // window is seen depends on Kafka: in one KRaft CI run here the restarted broker opened its listener
  // already back in sync, so only the 503 itself is required above.
  if (statusWhileBehind !== undefined) {
    const reasons = [...new Set(catchingUp.map((body) => (JSON.parse(body) as { reason: string }).reason))];
    expect(statusWhileBehind, `status while catching up; readiness said:\n${reasons.join('\n')}`).toMatch(
      /^Partitions hosted: \d+, not yet in sync: [1-9]\d*,/m,
    );
  }
  await throttleFollower(cluster, victim + 1, undefined);

  expect(await producer.done).toBe(0);
  expect(await othersReady, 'the other brokers stayed ready the whole time').toEqual([]);
  const consumed = new Set(await consumeAll(cluster, topic, producer.acked.size));
  const lost = [...producer.acked].filter((value) => !consumed.has(value));
  expect(lost, 'every acknowledged message is consumed').toEqual([]);
}

/**
 * A rolling restart as the StatefulSet controller does it: highest ordinal first, each pod only once the
 * previous one is ready, while a producer writes with acks=all. Nothing lost, no NOT_ENOUGH_REPLICAS.
 */
export async function rollingRestart(cluster: KafkaCluster, topic: string): Promise<void> {
  const producer = startProducer(cluster, topic, { messages: 1_000_000, throughput: 300 });
  await pollUntil('500 acknowledged messages', async () => (producer.acked.size >= 500 ? true : undefined), {
    timeoutMs: 60_000,
    bail: () => producer.throwIfExited(),
    describe: () =>
      `${producer.acked.size} acked, errors ${producer.errors.slice(0, 3).join('; ')}\n${producer.stderrTail()}`,
  });
  // NOT_ENOUGH_REPLICAS is what a produce gets when a partition's ISR falls below min.insync.replicas (2):
  // sampled all along the roll, through whichever broker answers.
  let rolling = true;
  const smallIsr: string[] = [];
  const sampler = (async () => {
    while (rolling) {
      for (const pod of cluster.pods) {
        const client = createKafkaClient({ host: pod.ip, port: cluster.brokerPort, timeoutMs: 1000 });
        try {
          const metadata = await client.metadata();
          for (const t of metadata.topics.filter((t) => t.name === topic))
            for (const p of t.partitions)
              if (p.isr.length < 2) smallIsr.push(`${t.name}-${p.partition} isr=[${p.isr.join(',')}]`);
          break;
        } catch {
          // this broker is down: ask the next
        } finally {
          await client.close();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  for (const index of [...cluster.pods.map((pod) => pod.index)].reverse()) {
    const exit = await cluster.stopPod(index, 'SIGTERM');
    expect(exit.signal).toBeNull();
    cluster.startPod(index);
    await cluster.waitReady([index]);
  }
  const before = producer.acked.size;
  await pollUntil(
    'the producer still acknowledged after the roll',
    async () => (producer.acked.size > before + 100 ? true : undefined),
    { timeoutMs: 60_000 },
  );
  rolling = false;
  await sampler;
  producer.stop();
  await producer.done;
  expect(smallIsr, 'no partition fell below min.insync.replicas during the roll').toEqual([]);
  expect(
    producer.errors.filter((error) => /NotEnoughReplicas/.test(error)),
    'no NOT_ENOUGH_REPLICAS',
  ).toEqual([]);
  expect(producer.errors).toEqual([]);
  const consumed = new Set(await consumeAll(cluster, topic, producer.acked.size, 120_000));
  const lost = [...producer.acked].filter((value) => !consumed.has(value));
  expect(lost, 'every acknowledged message is consumed').toEqual([]);
}

/** SIGTERM: /readyz answers 503 before the broker stops, and the broker completes a controlled shutdown. */
export async function sigtermDrainsFirst(
  cluster: KafkaCluster,
  index: number,
  shutdownLine: RegExp,
): Promise<void> {
  const pod = cluster.pod(index);
  const pid = await cluster.brokerPid(index);
  process.kill(pod.agent!.pid, 'SIGTERM');
  // The first answer after the agent handled the signal: 503, draining, while the broker still runs.
  const answer = await pollUntil(
    '/readyz 503 after SIGTERM',
    async () => {
      const reply = await cluster.get(index, '/readyz');
      return reply.status === 503 ? reply : undefined;
    },
    { timeoutMs: 5000, intervalMs: 20 },
  );
  expect(answer.json().reason).toContain('draining');
  let brokerAliveAfter503 = true;
  try {
    process.kill(pid, 0);
  } catch {
    brokerAliveAfter503 = false;
  }
  expect(brokerAliveAfter503, 'the broker still runs when /readyz already says 503').toBe(true);
  const exit = await pod.agent!.exited;
  expect(exit.signal).toBeNull();
  const log = (await import('node:fs')).readFileSync(pod.logFile, 'utf8');
  expect(log).toMatch(shutdownLine);
}
