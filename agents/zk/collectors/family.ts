import type { Metric, Registry } from 'prom-client';

/** One sample line of a family: `metricName` for a summary's `_sum`/`_count`, else the family name. */
export interface Sample {
  readonly value: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly metricName?: string;
}

/** A metric family computed at scrape time, in the shape prom-client's Registry prints. */
export interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'summary';
  readonly values: readonly Sample[];
}

/**
 * Registers scrape-time families as static metrics. ZooKeeper's own counters and summaries are
 * mirrored, not observed here, which prom-client's Counter/Summary classes cannot express; its
 * Registry only needs `name` and `get()`, hence the cast.
 */
export function registerFamilies(registry: Registry, families: readonly Family[]): void {
  for (const family of families) {
    const snapshot = { ...family, values: [...family.values], aggregator: 'sum' as const };
    registry.registerMetric({
      name: family.name,
      help: family.help,
      type: family.type,
      get: async () => snapshot,
    } as unknown as Metric);
  }
}

/** Joins families that share a name (same type), so two sources never register one name twice. */
export function mergeFamilies(families: readonly Family[]): Family[] {
  const byName = new Map<string, Family>();
  for (const family of families) {
    const seen = byName.get(family.name);
    if (!seen) byName.set(family.name, family);
    else if (seen.type === family.type)
      byName.set(family.name, { ...seen, values: [...seen.values, ...family.values] });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
