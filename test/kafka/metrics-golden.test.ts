// kafka-agent's /metrics from recorded JMX exporter scrapes (3.9.1 and 4.2.0, our rules) and Metadata /
// DescribeQuorum / consumer-lag answers shaped as the protocol client returns them: one golden file per
// case, each promtool-clean, and the cluster view exported by the active controller's agent only.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kafkaChecks } from '../../agents/kafka/checks/index.ts';
import type { KafkaMode, ProcessRole } from '../../agents/kafka/config.ts';
import { createKafkaMetrics } from '../../agents/kafka/metrics.ts';
import type { ClusterMetadata, ConsumerGroupLag, QuorumInfo } from '../../agents/kafka/protocol/types.ts';
import { expectGolden, promtoolCheckMetrics } from '../helpers/golden.ts';

const jmx = (version: string) =>
  readFileSync(resolve(import.meta.dirname, `../fixtures/kafka/jmx-${version}.prom`), 'utf8');

const metadata: ClusterMetadata = {
  clusterId: 'MkU3OEVBNTcwNTJENDM2Qk',
  controllerId: 1,
  brokers: [1, 2, 3].map((nodeId) => ({ nodeId, host: `kafka-${nodeId - 1}.kafka-hs`, port: 9092 })),
  topics: [
    {
      name: 'orders',
      partitions: [
        { partition: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3] },
        { partition: 1, leader: 2, replicas: [2, 3, 1], isr: [2, 1] },
        { partition: 2, leader: -1, replicas: [3, 1, 2], isr: [3] },
      ],
    },
    {
      name: '__consumer_offsets',
      internal: true,
      partitions: [{ partition: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3] }],
    },
  ],
};
const quorum: QuorumInfo = {
  leaderId: 1,
  leaderEpoch: 3,
  highWatermark: 420,
  voters: [1, 2, 3].map((replicaId) => ({ replicaId, logEndOffset: 420 })),
  observers: [],
};
const lag: ConsumerGroupLag[] = [
  { group: 'billing', topic: 'orders', partition: 0, lag: 12, committedOffset: 88, endOffset: 100 },
  { group: 'idle "group"\\', topic: 'orders', partition: 1, lag: 0, committedOffset: 50, endOffset: 50 },
];

function render(options: {
  id: number;
  mode: KafkaMode;
  roles?: ProcessRole[];
  jmxText?: string;
  failLag?: boolean;
}) {
  const errors: string[] = [];
  const metrics = createKafkaMetrics({
    id: options.id,
    mode: options.mode,
    roles: options.roles ?? ['broker'],
    view: {
      metadata: async () => metadata,
      quorum: async () => quorum,
      consumerGroupLag: async () =>
        options.failLag ? Promise.reject(new Error('coordinator not available')) : lag,
      renewClient: () => {},
      close: async () => {},
    },
    fetchJmx: async () =>
      options.jmxText ?? Promise.reject(new Error('the JMX exporter does not listen on 127.0.0.1:9404')),
    checks: Object.values(kafkaChecks),
    onCollectorError: (collector, detail) => errors.push(`${collector}: ${detail}`),
  });
  return metrics.render().then((text) => ({ text, errors }));
}

describe('kafka-agent /metrics', () => {
  it('ZooKeeper mode, the active controller: cluster view, lag and the 3.9.1 JMX series (golden, promtool-clean)', async () => {
    const { text, errors } = await render({ id: 1, mode: 'zookeeper', jmxText: jmx('3.9.1') });
    expectGolden('test/golden/kafka-metrics/3.9.1-controller.prom', text);
    expect(errors).toEqual([]);
    expect(text).toContain('kafka_cluster_partitions_offline 1');
    expect(text).toContain('kafka_cluster_partitions_under_replicated 2');
    expect(text).toContain('kafka_consumergroup_lag{group="billing",topic="orders",partition="0"} 12');
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });

  it('KRaft, the quorum leader: the cluster view follows DescribeQuorum, not Metadata controllerId', async () => {
    const { text } = await render({
      id: 1,
      mode: 'kraft',
      roles: ['broker', 'controller'],
      jmxText: jmx('4.2.0'),
    });
    expectGolden('test/golden/kafka-metrics/4.2.0-quorum-leader.prom', text);
    expect(text).toContain('kafka_agent_cluster_view_owner 1');
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });

  it('any other broker exports no cluster view, so summing across pods never double-counts', async () => {
    for (const mode of ['zookeeper', 'kraft'] as const) {
      const { text } = await render({ id: 2, mode, jmxText: jmx(mode === 'kraft' ? '4.2.0' : '3.9.1') });
      expect(text).toContain('kafka_agent_cluster_view_owner 0');
      expect(text).not.toMatch(/^kafka_cluster_/m);
      expect(text).not.toMatch(/^kafka_consumergroup_lag/m);
    }
  });

  it('a JMX exporter that does not answer is a series, never a failed scrape', async () => {
    const { text, errors } = await render({ id: 2, mode: 'kraft' });
    expect(text).toContain('kafka_agent_collector_success{collector="jmx"} 0');
    expect(errors).toEqual(['jmx: the JMX exporter does not listen on 127.0.0.1:9404']);
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });

  it('failed lag is a series; the rest of the cluster view stays', async () => {
    const { text } = await render({ id: 1, mode: 'zookeeper', failLag: true });
    expect(text).toContain('kafka_agent_collector_success{collector="consumer_lag"} 0');
    expect(text).toContain('kafka_cluster_brokers 3');
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });
});
