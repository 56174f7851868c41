// One percentile over several runs of Kafka's producer performance tool, from what each run prints: its
// record count, its 50th, 95th, 99th and 99.9th percentiles and its maximum. Percentiles cannot be
// averaged; the pooled one is where the records above it, summed over the runs, are the pooled share.
// Between a run's printed points the share of its records above a latency is interpolated on a log
// scale (tails fall off about exponentially), which is exact at each printed point: where every run has
// the same p99, the pooled p99 is that value.

/** The latency summary one run prints (ms). */
export interface Tail {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** The share of a run's records above `ms`, from its printed points. */
export function shareAbove(tail: Tail, ms: number): number {
  const points: [number, number][] = [
    [tail.p50, 0.5],
    [tail.p95, 0.05],
    [tail.p99, 0.01],
    [tail.p999, 0.001],
    [tail.max, 1 / tail.count],
  ];
  if (ms < tail.p50) return 0.5; // below the median: far from any tail asked for here
  if (ms >= tail.max) return 0;
  for (let at = points.length - 1; at > 0; at--) {
    const [low, lowShare] = points[at - 1]!;
    const [high, highShare] = points[at]!;
    if (ms < low || high <= low) continue;
    const along = (ms - low) / (high - low);
    return Math.exp(Math.log(lowShare) + along * (Math.log(highShare) - Math.log(lowShare)));
  }
  return 0.5;
}

/** The pooled `share`-tail latency of the runs (share 0.01: the p99), in ms, to 0.1 ms. */
export function pooledPercentile(tails: readonly Tail[], share = 0.01): number {
  if (tails.length === 0) return Number.NaN;
  const total = tails.reduce((sum, tail) => sum + tail.count, 0);
  const above = (ms: number) => tails.reduce((sum, tail) => sum + tail.count * shareAbove(tail, ms), 0);
  let low = Math.min(...tails.map((tail) => tail.p50));
  let high = Math.max(...tails.map((tail) => tail.max));
  while (high - low > 0.1) {
    const middle = (low + high) / 2;
    if (above(middle) > share * total) low = middle;
    else high = middle;
  }
  return high;
}
