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
});
