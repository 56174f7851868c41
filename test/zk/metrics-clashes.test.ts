// Odd mntr keys can claim a name twice. One clash must cost the clashing series, never the scrape: the
// text stays valid (promtool, and no series printed twice, which promtool does not check but Prometheus
// refuses), zk_agent_collector_success{collector="mntr"} says 0 and the log names the keys.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createZkMetrics } from '../../agents/zk/metrics.ts';
import { promtoolCheckMetrics } from '../helpers/golden.ts';

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/zk', name), 'utf8');

async function render(mntr: string) {
  const reasons: string[] = [];
  const metrics = createZkMetrics({
    fetchMntr: async () => ({ ok: true, word: 'mntr', text: mntr }),
    onCollectorError: (_collector, detail) => reasons.push(detail),
  });
  return { text: await metrics.render(), reasons };
}

/** Series printed more than once (`name{labels}`), which a Prometheus scrape rejects. */
function repeatedSeries(text: string): string[] {
  const series = text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.slice(0, line.lastIndexOf(' ')));
  return series.filter((s, i) => series.indexOf(s) !== i);
}

function expectValidWithFailedMntr(text: string): void {
  expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  expect(repeatedSeries(text)).toEqual([]);
  expect(text).toContain('zk_agent_collector_success{collector="mntr"} 0');
}

const reversed = (mntr: string) => mntr.trimEnd().split('\n').reverse().join('\n');

describe('mntr keys that clash', () => {
  it("zk_up does not fail the scrape: the agent's zookeeper_up stays and ZooKeeper's is dropped and reported", async () => {
    const { text, reasons } = await render('zk_server_state\tleader\nzk_up\t7\nzk_znode_count\t5\n');
    expectValidWithFailedMntr(text);
    expect(text).toMatch(/^zookeeper_up 1$/m);
    expect(text).not.toContain('zookeeper_up 7');
    expect(text).toContain('zookeeper_znodes 5');
    expect(reasons).toEqual([expect.stringMatching(/^zookeeper_up: .*zk_up.*agent's own/)]);
  });

  it('a summary keeps its name against a plain gauge of the same name, in any key order', async () => {
    const mntr = 'zk_cnt_foo\t2\nzk_sum_foo\t5\nzk_p50_foo\t1\nzk_foo\t9\n';
    const { text, reasons } = await render(mntr);
    expectValidWithFailedMntr(text);
    expect(text).toContain('# TYPE zookeeper_foo summary');
    expect(text).toContain('zookeeper_foo_count 2');
    expect(text).not.toContain('zookeeper_foo 9');
    expect(reasons).toEqual([
      expect.stringMatching(/^zookeeper_foo: dropped the gauge .*zk_foo\b.*zk_<stat>_foo/),
    ]);
    expect((await render(reversed(mntr))).text).toBe(text);
  });

  it('a gauge named like a summary’s _sum is dropped, so the text parses', async () => {
    const { text, reasons } = await render('zk_cnt_foo\t2\nzk_sum_foo\t5\nzk_foo_sum\t1\n');
    expectValidWithFailedMntr(text);
    expect(text).toContain('zookeeper_foo_sum 5');
    expect(reasons).toEqual([expect.stringMatching(/^zookeeper_foo_sum: .*zk_foo_sum.*zk_<stat>_foo/)]);
  });

  it('zk_foo_count and zk_foo print zookeeper_foo once (zk_foo wins, in any key order)', async () => {
    const mntr = 'zk_foo_count\t3\nzk_foo\t4\n';
    const { text, reasons } = await render(mntr);
    expectValidWithFailedMntr(text);
    expect(text).toMatch(/^zookeeper_foo 4$/m);
    expect(reasons).toEqual([
      expect.stringMatching(/^zookeeper_foo\{\}: .*zk_foo_count.*repeats .*zk_foo\./),
    ]);
    expect((await render(reversed(mntr))).text).toBe(text);
  });

  it.each(['3.9.5-leader', '3.8.0-follower', '3.4.14-leader', '3.9.5-prometheus-provider-follower'])(
    'a real %s reply has no clash: collector_success 1 and nothing logged',
    async (name) => {
      const { text, reasons } = await render(fixture(`${name}.mntr`));
      expect(reasons).toEqual([]);
      expect(text).toContain('zk_agent_collector_success{collector="mntr"} 1');
    },
  );
});
