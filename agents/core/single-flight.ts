export interface SingleFlightOptions {
  /** How long a settled result (value or error) may be handed out again, in ms. */
  readonly maxAgeMs?: number;
  /** Monotonic clock in ms; tests pass their own. */
  readonly now?: () => number;
}

export type SingleFlight<K, V> = (key: K, fn: () => Promise<V>) => Promise<V>;

/**
 * Concurrent callers of one key share one in-flight promise, and a settled one is reused for at most
 * maxAgeMs: a hundred probes and scrapes arriving together cost the server one request, not a hundred.
 */
export function singleFlight<K, V>(options: SingleFlightOptions = {}): SingleFlight<K, V> {
  const maxAgeMs = options.maxAgeMs ?? 1000;
  const now = options.now ?? (() => performance.now());
  const entries = new Map<K, { promise: Promise<V>; settledAt?: number }>();

  return (key, fn) => {
    const entry = entries.get(key);
    if (entry && (entry.settledAt === undefined || now() - entry.settledAt <= maxAgeMs)) return entry.promise;

    const fresh: { promise: Promise<V>; settledAt?: number } = { promise: Promise.resolve().then(fn) };
    const settle = (): void => {
      fresh.settledAt = now();
      if (maxAgeMs <= 0 && entries.get(key) === fresh) entries.delete(key);
    };
    fresh.promise.then(settle, settle);
    entries.set(key, fresh);
    return fresh.promise;
  };
}
