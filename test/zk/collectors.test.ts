import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zkChecks } from '../../agents/zk/checks/index.ts';
import { mntrCollectors } from '../../agents/zk/collectors/index.ts';
import { numericEntries, parseMntr } from '../../agents/zk/collectors/mntr.ts';
import { createZkMetrics } from '../../agents/zk/metrics.ts';
import { promtoolCheckMetrics } from '../helpers/golden.ts';

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/zk', name), 'utf8');
const mntrReply = (text: string) => async () => ({ ok: true as const, word: 'mntr', text });

describe('mntr collectors', () => {
  it.each(['3.9.5-leader', '3.8.0-follower', '3.4.14-leader', '3.9.5-prometheus-provider-follower'])(
    'export one sample for every numeric key of %s (avg_X is left out: it is X_sum / X_count)',
    (name) => {
      const mntr = parseMntr(fixture(`${name}.mntr`));
      const samples = mntrCollectors
        .filter((c) => c.name === 'scalars' || c.name === 'summaries')
        .flatMap((c) => c.collect(mntr))
        .reduce((n, family) => n + family.values.length, 0);
      const numeric = numericEntries(mntr).filter(
        (e) => !/^avg_/.test(e.name) || !mntr.has(`zk_cnt_${e.name.slice(4)}`),
      );
      expect(samples).toBe(numeric.length);
    },
  );

  it('read keys in any order', async () => {
    const lines = fixture('3.9.5-leader.mntr').trimEnd().split('\n');
    const shuffled = [...lines.filter((_, i) => i % 2), ...lines.filter((_, i) => i % 2 === 0)]
      .reverse()
      .join('\n');
    const render = (text: string) => createZkMetrics({ fetchMntr: mntrReply(text) }).render();
    expect(await render(shuffled)).toBe(await render(lines.join('\n')));
  });

  it('fold avg/min/max/cnt/sum and p50…p999 into one summary in seconds', async () => {
    const text =
      'zk_server_state\tleader\n' +
      ['avg\t2.5', 'min\t1', 'max\t4', 'cnt\t2', 'sum\t5', 'p50\t1', 'p95\t4', 'p99\t4', 'p999\t4']
        .map((l) => `zk_${l.replace('\t', '_readlatency\t')}`)
        .join('\n');
    const out = await createZkMetrics({ fetchMntr: mntrReply(text) }).render();
    expect(out).toContain('# TYPE zookeeper_readlatency_seconds summary');
    expect(out).toContain('zookeeper_readlatency_seconds{quantile="0"} 0.001');
    expect(out).toContain('zookeeper_readlatency_seconds{quantile="0.999"} 0.004');
    expect(out).toContain('zookeeper_readlatency_seconds_sum 0.005');
    expect(out).toContain('zookeeper_readlatency_seconds_count 2');
    expect(out).not.toMatch(/avg_readlatency|zookeeper_readlatency_seconds 2.5/);
  });
});

describe('createZkMetrics', () => {
  it('renders collector_success 0 and up 0 when ZooKeeper does not answer, and the text still passes promtool', async () => {
    const reasons: string[] = [];
    const metrics = createZkMetrics({
      fetchMntr: async () => ({ ok: false, word: 'mntr', reason: 'refused', detail: 'connection refused' }),
      onCollectorError: (_c, detail) => reasons.push(detail),
    });
    const text = await metrics.render();
    expect(text).toContain('zk_agent_collector_success{collector="mntr"} 0');
    expect(text).toContain('zookeeper_up 0');
    expect(reasons).toEqual(['connection refused']);
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });

  it('does not fail the scrape when fetching mntr throws', async () => {
    const metrics = createZkMetrics({ fetchMntr: () => Promise.reject(new Error('boom')) });
    expect(await metrics.render()).toContain('zk_agent_collector_success{collector="mntr"} 0');
  });

  it('keeps the other collectors when one throws, and marks mntr as failed', async () => {
    const broken = {
      name: 'broken',
      collect: () => {
        throw new Error('bug');
      },
    };
    const metrics = createZkMetrics({
      fetchMntr: mntrReply(fixture('3.9.5-leader.mntr')),
      collectors: [broken, ...mntrCollectors],
    });
    const text = await metrics.render();
    expect(text).toContain('zk_agent_collector_success{collector="mntr"} 0');
    expect(text).toContain('zookeeper_server_state{state="leader"} 1');
  });

  it('times instrumented checks into zk_agent_check_duration_seconds', async () => {
    const metrics = createZkMetrics({ fetchMntr: mntrReply(''), checks: Object.values(zkChecks) });
    const live = metrics.instrument(zkChecks.liveness);
    const result = await live.run({ ask: async (word) => ({ ok: true, word, text: 'imok' }), replicas: 1 });
    expect(result.ok).toBe(true);
    const text = await metrics.render();
    expect(text).toContain('zk_agent_check_duration_seconds_count{check="liveness"} 1');
    expect(text).toContain('zk_agent_check_duration_seconds_count{check="readiness"} 0');
  });
});
