// A burst of scrapes costs the agent one rendering: the JMX text filtered once, the cluster view rendered
// once per Metadata answer, one Buffer sent to every scraper (bench/kafka-scrape.ts measured a p99 of
// 2.8x a bare server's before). A changed part always shows in the next scrape.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKafkaMetrics } from '../../agents/kafka/metrics.ts';
import type { ClusterMetadata } from '../../agents/kafka/protocol/types.ts';

const jmx = readFileSync(resolve(import.meta.dirname, '../fixtures/kafka/jmx-4.2.0.prom'), 'utf8');

const metadataWith = (isr: number[]): ClusterMetadata => ({
  clusterId: 'MkU3OEVBNTcwNTJENDM2Qk',
  controllerId: 1,
  brokers: [1, 2, 3].map((nodeId) => ({ nodeId, host: `kafka-${nodeId - 1}.kafka-hs`, port: 9092 })),
  topics: [{ name: 'orders', partitions: [{ partition: 0, leader: 1, replicas: [1, 2, 3], isr }] }],
});

function setup() {
  const current = { jmx, metadata: metadataWith([1, 2, 3]) };
  const metrics = createKafkaMetrics({
    id: 1,
    mode: 'zookeeper',
    roles: ['broker'],
    view: {
      metadata: async () => current.metadata,
      quorum: () => Promise.reject(new Error('not asked in ZooKeeper mode')),
      consumerGroupLag: async () => [],
      renewClient: () => {},
      close: async () => {},
    },
    fetchJmx: async () => current.jmx,
  });
  return { current, metrics };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('kafka-agent /metrics under a burst of scrapes', () => {
  it('hands every scrape of a burst the same Buffer, holding the same text as render()', async () => {
    const { metrics } = setup();
    const burst = await Promise.all(Array.from({ length: 50 }, () => metrics.renderBuffer()));
    expect(new Set(burst).size).toBe(1);
    await nextTurn();
    expect(await metrics.renderBuffer()).toBe(burst[0]);
    expect(burst[0]!.toString('utf8')).toBe(await metrics.render());
  });

  it('shows a new JMX text or a new Metadata answer in the next scrape', async () => {
    const { current, metrics } = setup();
    const before = await metrics.renderBuffer();
    expect(before.toString()).toContain('kafka_cluster_partitions_under_replicated 0');

    current.metadata = metadataWith([1, 2]);
    await nextTurn();
    const underReplicated = (await metrics.renderBuffer()).toString();
    expect(underReplicated).toContain('kafka_cluster_partitions_under_replicated 1');

    current.jmx = jmx.replace(/^(kafka_server_under_replicated_partitions) \S+$/m, '$1 7');
    await nextTurn();
    const text = (await metrics.renderBuffer()).toString();
    expect(text).toMatch(/^kafka_server_under_replicated_partitions 7$/m);
    expect(text).toContain('kafka_cluster_partitions_under_replicated 1');
  });
});
