import type { metadataV12 } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { errorName, toClusterMetadata } from '../../agents/kafka/protocol/metadata.ts';
import { fixture } from './protocol-fixtures.ts';

const metadata = (name: string) => toClusterMetadata(fixture<metadataV12.MetadataResponse>(name));

describe('Metadata answer → ClusterMetadata', () => {
  it('lists brokers by id and every topic by name, internal ones included and marked', () => {
    const m = metadata('kraft-metadata');
    expect(m.clusterId).toBe('MkU3OEVBNTcwNTJENDM2Qk');
    expect(m.brokers).toEqual([
      { nodeId: 1, host: '127.0.0.1', port: 39192 },
      { nodeId: 2, host: '127.0.0.1', port: 39194 },
    ]);
    expect(m.topics.map((t) => [t.name, t.internal ?? false])).toEqual([
      ['__consumer_offsets', true],
      ['orders', false],
      ['solo', false],
    ]);
  });

  it('orders partitions by index and keeps leader, replicas and ISR as the broker sent them', () => {
    const orders = metadata('kraft-metadata').topics.find((t) => t.name === 'orders');
    expect(orders?.partitions).toEqual([
      { partition: 0, leader: 1, replicas: [1, 2], isr: [1, 2] },
      { partition: 1, leader: 2, replicas: [2, 1], isr: [2, 1] },
      { partition: 2, leader: 1, replicas: [1, 2], isr: [1, 2] },
    ]);
  });

  it('passes controllerId through as reported: in KRaft a live broker, not the active controller', () => {
    // Recorded through broker 1 while node 1 led the quorum: the broker still said 2.
    expect(metadata('kraft-metadata').controllerId).toBe(2);
  });

  it('keeps an offline partition as data (leader -1, its error, offline replicas), not as a failure', () => {
    const m = metadata('kraft-broker2-down-metadata');
    // The stopped broker is gone from the list (KRaft lists registered, unfenced brokers only).
    expect(m.brokers.map((b) => b.nodeId)).toEqual([1]);
    const solo = m.topics.find((t) => t.name === 'solo');
    expect(solo?.partitions).toContainEqual({
      partition: 0,
      leader: -1,
      replicas: [2],
      isr: [],
      offlineReplicas: [2],
      error: 'LEADER_NOT_AVAILABLE',
    });
    const orders = m.topics.find((t) => t.name === 'orders');
    expect(orders?.partitions[1]).toEqual({
      partition: 1,
      leader: 1,
      replicas: [2, 1],
      isr: [1],
      offlineReplicas: [2],
    });
  });

  it('maps a ZooKeeper-mode (3.9.1) answer the same way; there controllerId is the real controller', () => {
    const m = metadata('zk-metadata');
    expect(m.brokers).toEqual([{ nodeId: 7, host: '127.0.0.1', port: 39292 }]);
    expect(m.controllerId).toBe(7);
    expect(m.topics.map((t) => t.name)).toEqual(['__consumer_offsets', 'orders', 'solo']);
  });

  it("names Kafka's error codes, and says which code when the name is unknown", () => {
    expect(errorName(5)).toBe('LEADER_NOT_AVAILABLE');
    expect(errorName(6)).toBe('NOT_LEADER_OR_FOLLOWER');
    expect(errorName(32767)).toBe('error 32767');
  });
});
