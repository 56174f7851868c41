// How old ZooKeeper's series may be on /metrics, with mntr asked as the agent asks it (a single flight
// reused 1 s, served stale up to 2 s): fresh for 1 s, then served stale (never waiting) while one
// refresh runs; past 2 s a scrape waits for ZooKeeper. A burst of scrapes costs one mntr and one
// rendering, whatever its age.
import { describe, expect, it } from 'vitest';
import type { FourLetterResult } from '../../agents/zk/four-letter-word.ts';
import { singleFlight } from '../../agents/core/single-flight.ts';
import { mntrCollectors } from '../../agents/zk/collectors/index.ts';
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
      await new Promise((resolve) => setImmediate(resolve)); // let asks already started reach ZooKeeper
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
    const flight = singleFlight<string, FourLetterResult>({
      maxAgeMs: 1000,
      staleMs: 2000,
      now: () => clock,
    });
    let renderings = 0;
    const counted = mntrCollectors.map((collector, index) => ({
      name: collector.name,
      collect: (mntr: Parameters<typeof collector.collect>[0]) => {
        if (index === 0) renderings++;
        return collector.collect(mntr);
      },
    }));
    const metrics = createZkMetrics({ fetchMntr: () => flight('mntr', zk.fetchMntr), collectors: counted });
    return { zk, metrics, at: (ms: number) => (clock = ms), renderings: () => renderings };
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

  it('between 1 s and 2 s answers at once with the last rendering while one refresh runs', async () => {
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

  it('past 2 s waits for a fresh answer; a burst of 50 scrapes asks ZooKeeper once and renders once', async () => {
    const { zk, metrics, at, renderings } = setUp();
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
    expect(renderings(), 'one rendering for the first answer, one for the burst').toBe(2);
  });
});
