import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zkChecks } from '../../agents/zk/checks/index.ts';
import { createZkMetrics } from '../../agents/zk/metrics.ts';
import { expectGolden, promtoolCheckMetrics } from '../helpers/golden.ts';

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/zk', name), 'utf8');

// The check-duration series are rendered at zero (no check ran), so the goldens carry no timings.
function renderMntr(text: string): Promise<string> {
  const metrics = createZkMetrics({
    fetchMntr: async () => ({ ok: true, word: 'mntr', text }),
    checks: Object.values(zkChecks),
  });
  return metrics.render();
}

const cases = [
  '3.9.5-leader',
  '3.9.5-follower',
  '3.9.5-standalone',
  '3.9.5-prometheus-provider-follower',
  '3.9.5-prometheus-provider-standalone',
  '3.8.0-leader',
  '3.8.0-follower',
  '3.4.14-leader',
];

describe('/metrics rendered from recorded mntr replies', () => {
  it.each(cases)('%s matches its golden file and passes promtool check metrics', async (name) => {
    const text = await renderMntr(fixture(`${name}.mntr`));
    expectGolden(`test/golden/metrics/${name}.prom`, text);
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });

  it('a server that is not serving renders collector_success 0 and up 1, and still passes promtool', async () => {
    const metrics = createZkMetrics({
      fetchMntr: async () => ({ ok: false, word: 'mntr', reason: 'not-serving', detail: 'not serving' }),
    });
    const text = await metrics.render();
    expectGolden('test/golden/metrics/not-serving.prom', text);
    expect(text).toContain('zk_agent_collector_success{collector="mntr"} 0');
    expect(text).toContain('zookeeper_up 1');
    expect(text).not.toContain('zookeeper_server_state');
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });
});
