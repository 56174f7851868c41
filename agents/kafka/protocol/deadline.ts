/**
 * Settles like `work`, or rejects with `onTimeout()` once `ms` have passed. `work` keeps its handlers, so
 * its late rejection is never unhandled; the timer is unref'd and cleared as soon as `work` settles.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), Math.max(0, ms));
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export type Settled<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Waits for every item's work, but not past `ms`: what has not settled by then counts as failed with
 * `onTimeout(item)`. A fan-out to every broker returns what the live ones said instead of waiting for a
 * broker that is gone.
 */
export async function settleWithin<I, T>(
  items: readonly I[],
  work: (item: I) => Promise<T>,
  ms: number,
  onTimeout: (item: I) => Error,
): Promise<Settled<T>[]> {
  const results = await Promise.allSettled(
    items.map((item) =>
      withDeadline(
        Promise.resolve().then(() => work(item)),
        ms,
        () => onTimeout(item),
      ),
    ),
  );
  return results.map((r) =>
    r.status === 'fulfilled' ? { ok: true, value: r.value } : { ok: false, error: r.reason },
  );
}
