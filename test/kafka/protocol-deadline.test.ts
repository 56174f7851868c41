import { describe, expect, it } from 'vitest';
import { settleWithin, withDeadline } from '../../agents/kafka/protocol/deadline.ts';

const after = <T>(ms: number, value: T, fail = false): Promise<T> =>
  new Promise((resolve, reject) =>
    setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms),
  );

describe('deadlines', () => {
  it('settles like the work when it finishes in time', async () => {
    await expect(withDeadline(after(5, 'ok'), 500, () => new Error('late'))).resolves.toBe('ok');
    await expect(withDeadline(after(5, 'no', true), 500, () => new Error('late'))).rejects.toThrow('no');
  });

  it('rejects at the deadline with its own error, and the late work rejecting then is not unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const started = performance.now();
      await expect(
        withDeadline(after(150, 'late work', true), 30, () => new Error('deadline')),
      ).rejects.toThrow('deadline');
      expect(performance.now() - started).toBeLessThan(140);
      await after(200, null);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('fans out and keeps what answered in time, the rest failed with the timeout error', async () => {
    const results = await settleWithin(
      [5, 500, -1],
      (ms) => (ms < 0 ? Promise.reject(new Error('refused')) : after(ms, `answered in ${ms}`)),
      50,
      (ms) => new Error(`no answer within 50 ms (wanted ${ms})`),
    );
    expect(results).toEqual([
      { ok: true, value: 'answered in 5' },
      { ok: false, error: new Error('no answer within 50 ms (wanted 500)') },
      { ok: false, error: new Error('refused') },
    ]);
  });
});
