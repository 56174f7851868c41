export interface SingleFlightOptions {
  /** How long a settled result (value or error) may be handed out again, in ms. */
  readonly maxAgeMs?: number;
  /**
   * Stale-while-revalidate: past maxAgeMs and up to this age (ms), callers get the settled result at once
   * while one refresh runs; past it they wait for a fresh one. Default: maxAgeMs (never stale).
   */
  readonly staleMs?: number;
  /** Monotonic clock in ms; tests pass their own. */
  readonly now?: () => number;
}

export interface CallOptions {
  /**
   * Whether this caller may be handed a result past maxAgeMs while one refresh runs (up to staleMs).
   * Probes say no: they judge the server as it is now, so they get at most maxAgeMs old answers, sharing
   * the refresh under way. Default: yes.
   */
  readonly acceptStale?: boolean;
}

export type SingleFlight<K, V> = (key: K, fn: () => Promise<V>, call?: CallOptions) => Promise<V>;

interface Entry<V> {
  readonly promise: Promise<V>;
  settledAt?: number;
  /** The refresh started while this entry was served stale; it replaces the entry once settled. */
  refreshing?: Entry<V>;
}

/**
 * Concurrent callers of one key share one in-flight promise, and a settled one is reused for at most
 * maxAgeMs: a hundred probes and scrapes arriving together cost the server one request, not a hundred.
 */
export function singleFlight<K, V>(options: SingleFlightOptions = {}): SingleFlight<K, V> {
  const maxAgeMs = options.maxAgeMs ?? 1000;
  const staleMs = Math.max(options.staleMs ?? maxAgeMs, maxAgeMs);
  const now = options.now ?? (() => performance.now());
  const entries = new Map<K, Entry<V>>();

  const start = (key: K, fn: () => Promise<V>): Entry<V> => {
    const fresh: Entry<V> = { promise: Promise.resolve().then(fn) };
    const settle = (): void => {
      fresh.settledAt = now();
      const current = entries.get(key);
      if (current !== fresh && current?.refreshing === fresh) entries.set(key, fresh);
      if (maxAgeMs <= 0 && entries.get(key) === fresh) entries.delete(key);
    };
    fresh.promise.then(settle, settle);
    return fresh;
  };

  return (key, fn, call = {}) => {
    const entry = entries.get(key);
    const age = entry?.settledAt === undefined ? undefined : now() - entry.settledAt;
    if (entry && (age === undefined || age <= maxAgeMs)) return entry.promise;
    if (entry && age !== undefined && age <= staleMs) {
      entry.refreshing ??= start(key, fn);
      // A caller that takes no stale answer waits for the refresh, which the others keep sharing.
      return call.acceptStale === false ? entry.refreshing.promise : entry.promise;
    }
    // Too old to serve: wait for the refresh already under way, or start one.
    const fresh =
      entry?.refreshing && entry.refreshing.settledAt === undefined ? entry.refreshing : start(key, fn);
    entries.set(key, fresh);
    return fresh.promise;
  };
}
