// How old ZooKeeper's series may be on /metrics: fresh for freshMs, then served stale (never waiting)
// while one refresh runs, up to staleMs; past that a scrape waits for ZooKeeper. And a burst of scrapes
// costs one mntr, whatever its age.
import { describe, expect, it } from 'vitest';
import type { FourLetterResult } from '../../agents/zk/four-letter-word.ts';
import { createZkMetrics } from '../../agents/zk/metrics.ts';

/** A ZooKeeper whose znode count goes up by one per mntr, answering only when the test says so. */
function controlledZooKeeper() {
  let asked = 0;
  const pending: (() => void)[] = [];
  const fetchMntr = (): Promise<FourLetterResult> => {
    const znodes = ++asked;
    return new Promise((resolve) =>
      pending.push(() =>
        resolve({ ok: true, word: 'mntr', text: `zk_server_state\tleader\nzk_znode_count\t${znodes}\n` }),
      ),
    );
  };
  return {
    fetchMntr,
    asked: () => asked,
    /** Lets every mntr asked so far answer, then lets the answers propagate. */
    async answer() {
      for (const reply of pending.splice(0)) reply();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const znodes = (text: string) => Number(/^zookeeper_znodes (\d+)$/m.exec(text)?.[1]);

describe('/metrics freshness', () => {
  function setUp() {
    const zk = controlledZooKeeper();
    let clock = 0;
    const metrics = createZkMetrics({
      fetchMntr: zk.fetchMntr,
      freshMs: 1000,
      staleMs: 2000,
      now: () => clock,
    });
    return { zk, metrics, at: (ms: number) => (clock = ms) };
  }

  it('waits for ZooKeeper on the first scrape, then serves that answer while it is fresh', async () => {
    const { zk, metrics, at } = setUp();
    const first = metrics.render();
    await zk.answer();
    expect(znodes(await first)).toBe(1);
    at(900);
    expect(znodes(await metrics.render())).toBe(1);
    expect(zk.asked()).toBe(1);
  });

  it('between freshMs and staleMs answers at once with the last rendering while one refresh runs', async () => {
    const { zk, metrics, at } = setUp();
    const first = metrics.render();
    await zk.answer();
    await first;
    at(1500);
    // ZooKeeper has not answered the refresh: the scrape must not wait for it.
    const stale = await Promise.all(Array.from({ length: 50 }, () => metrics.render()));
    expect(stale.map(znodes)).toEqual(Array(50).fill(1));
    expect(zk.asked()).toBe(2);
    await zk.answer();
    expect(znodes(await metrics.render())).toBe(2);
  });

  it('past staleMs waits for a fresh answer; a burst of 50 scrapes asks ZooKeeper once', async () => {
    const { zk, metrics, at } = setUp();
    const first = metrics.render();
    await zk.answer();
    await first;
    at(2500);
    let settled = 0;
    const burst = Array.from({ length: 50 }, () => metrics.render().finally(() => settled++));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled, 'too old to serve: the scrapes wait').toBe(0);
    expect(zk.asked()).toBe(2);
    await zk.answer();
    expect((await Promise.all(burst)).map(znodes)).toEqual(Array(50).fill(2));
  });
});
