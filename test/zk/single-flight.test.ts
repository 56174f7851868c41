import { describe, expect, it } from 'vitest';
import { singleFlight } from '../../agents/core/single-flight.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('singleFlight', () => {
  it('lets concurrent callers of one key share one call', async () => {
    const flight = singleFlight<string, number>();
    const pending = deferred<number>();
    let calls = 0;
    const fn = () => (calls++, pending.promise);
    const results = Promise.all(Array.from({ length: 100 }, () => flight('mntr', fn)));
    pending.resolve(42);
    expect(await results).toEqual(Array(100).fill(42));
    expect(calls).toBe(1);
  });

  it('keeps keys apart', async () => {
    const flight = singleFlight<string, string>();
    const [a, b] = await Promise.all([
      flight('ruok', async () => 'imok'),
      flight('srvr', async () => 'Mode: leader'),
    ]);
    expect([a, b]).toEqual(['imok', 'Mode: leader']);
  });

  it('reuses a settled result within maxAgeMs and calls again after it', async () => {
    let clock = 0;
    let calls = 0;
    const flight = singleFlight<string, number>({ maxAgeMs: 1000, now: () => clock });
    const fn = async () => ++calls;
    expect(await flight('k', fn)).toBe(1);
    clock = 1000;
    expect(await flight('k', fn)).toBe(1);
    clock = 1001;
    expect(await flight('k', fn)).toBe(2);
  });

  it('shares an error within the window but does not keep it beyond', async () => {
    let clock = 0;
    let calls = 0;
    const flight = singleFlight<string, string>({ maxAgeMs: 500, now: () => clock });
    const failing = async () => {
      calls++;
      throw new Error('connection reset');
    };
    await expect(flight('k', failing)).rejects.toThrow('connection reset');
    await expect(flight('k', failing)).rejects.toThrow('connection reset');
    expect(calls).toBe(1);
    clock = 501;
    expect(await flight('k', async () => 'recovered')).toBe('recovered');
  });

  it('with maxAgeMs 0 shares only in-flight calls', async () => {
    let calls = 0;
    const flight = singleFlight<string, number>({ maxAgeMs: 0 });
    const fn = async () => ++calls;
    expect(await Promise.all([flight('k', fn), flight('k', fn)])).toEqual([1, 1]);
    expect(await flight('k', fn)).toBe(2);
  });

  describe('stale-while-revalidate (staleMs)', () => {
    const tick = () => new Promise((resolve) => setImmediate(resolve));

    /**
     * A flight (fresh 1 s, stale to 2 s, on a fake clock) whose calls answer only on release(), with
     * key 'k' already asked once and settled at time 0 (call 1).
     */
    async function settledOnce() {
      let clock = 0;
      let calls = 0;
      let pending: (() => void) | undefined;
      const flight = singleFlight<string, number>({ maxAgeMs: 1000, staleMs: 2000, now: () => clock });
      const slow = () =>
        new Promise<number>((resolve) => {
          const call = ++calls;
          pending = () => resolve(call);
        });
      const release = () => pending?.();
      const first = flight('k', slow);
      await tick(); // the call starts on a microtask
      release();
      await first;
      return { flight, slow, release, calls: () => calls, at: (ms: number) => (clock = ms) };
    }

    it('serves the settled value at once between maxAgeMs and staleMs, with one refresh, then the new value', async () => {
      const { flight, slow, release, calls, at } = await settledOnce();
      expect(await flight('k', slow), 'fresh: the first answer').toBe(1);
      at(1500);
      expect(await Promise.all([flight('k', slow), flight('k', slow)])).toEqual([1, 1]);
      await tick();
      expect(calls(), 'one refresh for all the stale callers').toBe(2);
      release();
      await tick();
      expect(await flight('k', slow)).toBe(2);
    });

    it('past staleMs waits for the refresh already under way instead of starting another', async () => {
      const { flight, slow, release, calls, at } = await settledOnce();
      at(1500);
      await flight('k', slow); // stale: starts the refresh
      at(2500);
      const waiting = flight('k', slow);
      await tick();
      expect(calls()).toBe(2);
      release();
      expect(await waiting).toBe(2);
    });

    it('a caller that accepts no stale answer waits for the refresh while the others still get the old value', async () => {
      const { flight, slow, release, calls, at } = await settledOnce();
      at(1500);
      let probeAnswer: number | undefined;
      const probe = flight('k', slow, { acceptStale: false }).then((value) => (probeAnswer = value));
      expect(await flight('k', slow), 'a scrape in the stale window: the old value at once').toBe(1);
      await tick();
      expect(probeAnswer, 'the probe is still waiting for a fresh answer').toBeUndefined();
      expect(calls(), 'probe and scrape share one refresh').toBe(2);
      release();
      await probe;
      expect(probeAnswer).toBe(2);
    });
  });
});
