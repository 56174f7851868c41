import type { Family, Sample } from './family.ts';
import type { MntrCollector } from './collector.ts';
import { numericEntries } from './mntr.ts';
import { helpFor, seriesName, splitSetKey } from './naming.ts';
import { summaryPart } from './summary-part.ts';

/** avg/min/max/cnt/sum and p50…p999 key families (or `{quantile=…}` keys) as Prometheus summaries. */
export const summaries: MntrCollector = {
  name: 'summaries',
  collect(mntr) {
    const families = new Map<string, { help: string; series: Map<string, Sample[]> }>();
    for (const entry of numericEntries(mntr)) {
      const part = summaryPart(entry, mntr);
      if (!part) continue;
      const set = splitSetKey(part.name);
      const { name, divisor, milliseconds } = seriesName(set.name, 'summary');
      const labels = { ...part.labels, ...set.labels };
      const family = families.get(name) ?? {
        help: helpFor(set.name, set.labels, 'summary', milliseconds),
        series: new Map(),
      };
      families.set(name, family);
      const key = JSON.stringify(Object.entries(labels).sort());
      const samples = family.series.get(key) ?? [];
      family.series.set(key, samples);
      if (part.part === 'count') samples.push({ metricName: `${name}_count`, labels, value: entry.value });
      else if (part.part === 'sum')
        samples.push({ metricName: `${name}_sum`, labels, value: entry.value / divisor });
      else
        samples.push({ labels: { ...labels, quantile: part.part.quantile }, value: entry.value / divisor });
    }
    return [...families].map(([name, { help, series }]) => ({
      name,
      help,
      type: 'summary' as const,
      values: [...series.keys()].sort().flatMap((key) => series.get(key)!.sort(bySampleOrder)),
    })) satisfies Family[];
  },
};

// Quantiles ascending, then _sum, then _count, the order client libraries print.
function bySampleOrder(a: Sample, b: Sample): number {
  return rank(a) - rank(b);
}
function rank(sample: Sample): number {
  if (sample.metricName?.endsWith('_sum')) return 2;
  if (sample.metricName?.endsWith('_count')) return 3;
  return Number(sample.labels?.['quantile'] ?? 0);
}
