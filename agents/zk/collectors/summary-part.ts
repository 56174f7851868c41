import type { Mntr, MntrEntry } from './mntr.ts';

/** Where one mntr entry goes in a Prometheus summary. */
export interface SummaryPart {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** A quantile ("0.5"), or the summary's `_sum` / `_count`. */
  readonly part: { quantile: string } | 'sum' | 'count';
}

// ZooKeeper's default provider prints min/max as well: they are the 0 and 1 quantiles. avg is sum/count.
const STATS: Readonly<Record<string, string | 'sum' | 'count' | null>> = {
  min: '0',
  max: '1',
  p50: '0.5',
  p95: '0.95',
  p99: '0.99',
  p999: '0.999',
  sum: 'sum',
  cnt: 'count',
  avg: null,
};
const DEFAULT_PROVIDER = /^(avg|min|max|cnt|sum|p50|p95|p99|p999)_(.+)$/;

/**
 * Says whether an entry belongs to a summary: `zk_<stat>_<name>` with both cnt_ and sum_ present
 * (3.4's avg_latency/min_latency/max_latency have no cnt_ and stay gauges), or, with the Prometheus
 * provider, `<name>{quantile=…}` and its `<name>_sum` / `<name>_count` (or those two alone). `null` = part of a summary
 * but not exported (avg, derivable as _sum / _count); `undefined` = not a summary part.
 */
export function summaryPart(entry: MntrEntry, mntr: Mntr): SummaryPart | null | undefined {
  const { quantile, ...labels } = entry.labels;
  if (quantile !== undefined) return { name: entry.name, labels, part: { quantile } };

  const tail = /^(.+)_(sum|count)$/.exec(entry.name);
  if (tail?.[1] && tail[2] && isProviderSummary(mntr, tail[1])) {
    return { name: tail[1], labels, part: tail[2] === 'sum' ? 'sum' : 'count' };
  }

  const stat = DEFAULT_PROVIDER.exec(entry.name);
  if (!stat?.[1] || !stat[2] || !mntr.has(`zk_cnt_${stat[2]}`) || !mntr.has(`zk_sum_${stat[2]}`))
    return undefined;
  const part = STATS[stat[1]];
  if (part === null || part === undefined) return null;
  return { name: stat[2], labels, part: part === 'sum' || part === 'count' ? part : { quantile: part } };
}

/**
 * A Prometheus-provider summary: `<name>{quantile=…}` lines, or — for a summary without quantiles, like
 * the JVM's `jvm_gc_collection_seconds` — `<name>_sum` and `<name>_count` with no plain `<name>` beside
 * them. (No key of ZooKeeper's default provider has both suffixes: its summaries are `sum_`/`cnt_`.)
 */
function isProviderSummary(mntr: Mntr, name: string): boolean {
  let sum = false;
  let count = false;
  for (const entry of mntr.values()) {
    if (entry.name === name) {
      if (entry.labels['quantile'] !== undefined) return true;
      return false;
    }
    if (entry.name === `${name}_sum`) sum = true;
    if (entry.name === `${name}_count`) count = true;
  }
  return sum && count;
}
