// Readiness from Metadata and DescribeQuorum answers: what makes a rolling restart safe, and what must not
// cascade when another broker dies. The answers are shaped as the protocol client returns them.
import { describe, expect, it } from 'vitest';
import { kafkaChecks, type KafkaCheckDeps, type ProcessState } from '../../agents/kafka/checks/index.ts';
import type { ClusterMetadata, QuorumInfo } from '../../agents/kafka/protocol/types.ts';
import type { KafkaView } from '../../agents/kafka/view.ts';

function metadata(
  brokers: number[],
  partitions: { leader: number; replicas: number[]; isr: number[] }[],
): ClusterMetadata {
  return {
    clusterId: 'MkU3OEVBNTcwNTJENDM2Qk',
    controllerId: brokers[0] ?? -1,
    brokers: brokers.map((nodeId) => ({ nodeId, host: `kafka-${nodeId - 1}`, port: 9092 })),
    topics: [{ name: 'orders', partitions: partitions.map((p, partition) => ({ partition, ...p })) }],
  };
}

function deps(
  answer: { metadata?: ClusterMetadata; quorum?: QuorumInfo },
  over: Partial<KafkaCheckDeps> = {},
): KafkaCheckDeps {
  const view: KafkaView = {
    metadata: async () =>
      answer.metadata ?? Promise.reject(new Error('connection refused on 127.0.0.1:9092')),
    quorum: async () => answer.quorum ?? Promise.reject(new Error('no quorum')),
    consumerGroupLag: async () => [],
    renewClient: () => {},
    close: async () => {},
  };
  const running: ProcessState = { state: 'running', pid: 42 };
  return {
    id: 2,
    roles: ['broker'],
    view,
    processAlive: () => running,
    requireInSync: true,
    partitionDirsOnDisk: () => 3,
    ...over,
  };
}

const all = [1, 2, 3];
describe('readiness of a broker', () => {
  it('is not ready while registered with no partition metadata yet and partition logs on disk (ZooKeeper mode just after a restart)', async () => {
    const brokersOnly: ClusterMetadata = { ...metadata(all, []), topics: [] };
    const result = await kafkaChecks.readiness.run(deps({ metadata: brokersOnly }));
    expect(result).toMatchObject({ ok: false, details: { registered: true, partitionDirsOnDisk: 3 } });
    expect(result.reason).toBe(
      'broker 2 has not been told its partitions yet: its metadata lists no topic, its log dirs hold 3 partition logs',
    );
  });

  it('is ready in a cluster with no topics when its log dirs hold no partition (a new cluster)', async () => {
    const brokersOnly: ClusterMetadata = { ...metadata(all, []), topics: [] };
    const result = await kafkaChecks.readiness.run(
      deps({ metadata: brokersOnly }, { partitionDirsOnDisk: () => 0 }),
    );
    expect(result.ok).toBe(true);
  });

  it('does not look at its log dirs with AGENT_READY_IN_SYNC=false', async () => {
    const brokersOnly: ClusterMetadata = { ...metadata(all, []), topics: [] };
    const result = await kafkaChecks.readiness.run(deps({ metadata: brokersOnly }, { requireInSync: false }));
    expect(result.ok).toBe(true);
  });

  it('is ready when registered and in the ISR of every partition it hosts', async () => {
    const result = await kafkaChecks.readiness.run(
      deps({
        metadata: metadata(all, [
          { leader: 1, replicas: all, isr: all },
          { leader: 2, replicas: [2, 3], isr: [2, 3] },
        ]),
      }),
    );
    expect(result).toMatchObject({ ok: true, details: { hostedPartitions: 2, notInSync: 0 } });
  });

  it('is not ready while it is out of the ISR of a partition it hosts (catching up after a restart)', async () => {
    const result = await kafkaChecks.readiness.run(
      deps({
        metadata: metadata(all, [
          { leader: 1, replicas: all, isr: [1, 3] },
          { leader: 1, replicas: [1, 3], isr: [1] },
        ]),
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.reason).toBe(
      'broker 2 is catching up: not yet in the ISR of 1 of its 1 partitions (orders-0)',
    );
  });

  it('stays ready while another broker is down and out of the ISRs (no cascade)', async () => {
    const result = await kafkaChecks.readiness.run(
      deps({ metadata: metadata([1, 2], [{ leader: 1, replicas: all, isr: [1, 2] }]) }),
    );
    expect(result.ok).toBe(true);
  });

  it('is not ready before it is registered (or while fenced: KRaft Metadata omits fenced brokers)', async () => {
    const result = await kafkaChecks.readiness.run(
      deps({ metadata: metadata([1, 3], [{ leader: 1, replicas: all, isr: [1, 3] }]) }),
    );
    expect(result).toMatchObject({
      ok: false,
      reason: 'broker 2 is not registered and unfenced yet (the cluster lists brokers [1, 3])',
    });
  });

  it('does not wait on a partition without a live leader: nothing to catch up from (cold start)', async () => {
    const result = await kafkaChecks.readiness.run(
      deps({ metadata: metadata([2], [{ leader: -1, replicas: all, isr: [3] }]) }),
    );
    expect(result).toMatchObject({ ok: true, details: { leaderless: 1 } });
  });

  it('with AGENT_READY_IN_SYNC=false is ready once registered, caught up or not', async () => {
    const result = await kafkaChecks.readiness.run(
      deps({ metadata: metadata(all, [{ leader: 1, replicas: all, isr: [1] }]) }, { requireInSync: false }),
    );
    expect(result).toMatchObject({ ok: true, reason: 'broker 2 is registered and unfenced' });
  });

  it('is not ready when the broker does not answer, and says why', async () => {
    await expect(kafkaChecks.readiness.run(deps({}))).rejects.toThrow('connection refused');
  });

  it('is not ready while the agent formats storage or waits for an old registration', async () => {
    const result = await kafkaChecks.readiness.run(
      deps({}, { processAlive: () => ({ state: 'not-started', why: 'formatting storage' }) }),
    );
    expect(result).toEqual({ ok: false, reason: 'the broker is not started yet: formatting storage' });
  });
});

describe('readiness of a controller-only node', () => {
  const quorum = (leaderId: number, hw: number, ends: Record<number, number>): QuorumInfo => ({
    leaderId,
    leaderEpoch: 4,
    highWatermark: hw,
    voters: Object.entries(ends).map(([id, logEndOffset]) => ({ replicaId: Number(id), logEndOffset })),
    observers: [],
  });
  const controller = { id: 101, roles: ['controller'] as const };

  it('is ready as a voter that has caught up with the high watermark', async () => {
    const result = await kafkaChecks.readiness.run(
      deps({ quorum: quorum(100, 5000, { 100: 5000, 101: 4990, 102: 5000 }) }, controller),
    );
    expect(result).toMatchObject({ ok: true, reason: 'controller 101 follows leader 100 and has caught up' });
  });

  it('is not ready while far behind the high watermark', async () => {
    const result = await kafkaChecks.readiness.run(
      deps({ quorum: quorum(100, 5000, { 100: 5000, 101: 10, 102: 5000 }) }, controller),
    );
    expect(result).toMatchObject({
      ok: false,
      reason: "controller 101 is catching up: 4990 records behind the quorum's high watermark",
    });
  });

  it('is not ready without a leader or when not a voter', async () => {
    expect(
      (await kafkaChecks.readiness.run(deps({ quorum: quorum(-1, 0, { 101: 0 }) }, controller))).reason,
    ).toBe('the controller quorum has no leader');
    expect(
      (await kafkaChecks.readiness.run(deps({ quorum: quorum(100, 9, { 100: 9 }) }, controller))).reason,
    ).toBe('controller 101 is not a voter of the quorum');
  });
});

describe('liveness', () => {
  it('is alive while the broker runs, and while it is not started yet (formatting, waiting)', async () => {
    expect((await kafkaChecks.liveness.run(deps({}))).ok).toBe(true);
    expect(
      (
        await kafkaChecks.liveness.run(
          deps({}, { processAlive: () => ({ state: 'not-started', why: 'waiting' }) }),
        )
      ).ok,
    ).toBe(true);
  });

  it('never asks the broker: a broker in log recovery has no listener yet and must not be killed', async () => {
    const result = await kafkaChecks.liveness.run(deps({})); // the view rejects every call
    expect(result.ok).toBe(true);
  });

  it('fails once the broker process exited', async () => {
    const result = await kafkaChecks.liveness.run(
      deps({}, { processAlive: () => ({ state: 'exited', why: 'the broker process exited (status 1)' }) }),
    );
    expect(result).toMatchObject({ ok: false, reason: 'the broker process exited (status 1)' });
  });
});
