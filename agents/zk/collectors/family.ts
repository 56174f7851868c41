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

// Which family keeps a name that two claim, so the text is the same whatever the order of mntr's keys:
// the richer type (a summary carries quantiles, _sum and _count where a gauge is one number; a counter
// says rate() applies), then the HELP text, which names the mntr key (`zk_foo.` sorts before
// `zk_foo_count.`, so the plain key wins over the one whose suffix was stripped).
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const RANK: Readonly<Record<Family['type'], number>> = { summary: 0, counter: 1, gauge: 2 };
function byPreference(a: Family, b: Family): number {
  return RANK[a.type] - RANK[b.type] || compare(a.help, b.help);
}

/** The sample names a family prints: a summary prints `<name>_sum` and `<name>_count` too. */
function sampleNames(family: Family): string[] {
  return family.type === 'summary'
    ? [family.name, `${family.name}_sum`, `${family.name}_count`]
    : [family.name];
}

/** A sample's series as Prometheus shows it, labels sorted: two samples with one id are one series. */
function seriesId(family: Family, sample: Sample): string {
  const labels = Object.entries(sample.labels ?? {}).sort(([a], [b]) => compare(a, b));
  return `${sample.metricName ?? family.name}{${labels.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

/**
 * Joins families that share a name and type (metric sets, labelled keys), so that every name is
 * registered once and every series printed once. Odd mntr keys can still claim one name twice
 * (`zk_foo` and `zk_foo_count` both become zookeeper_foo): Prometheus refuses a scrape with a
 * repeated series or a second TYPE for a name, so one claim is kept (see byPreference) and each
 * dropped one is told to onConflict, naming both mntr keys, for zk_agent_collector_success 0.
 */
export function mergeFamilies(
  families: readonly Family[],
  onConflict: (detail: string) => void = () => {},
): Family[] {
  const byName = new Map<string, { family: Family; values: Sample[]; from: Map<string, string> }>();
  const printedBy = new Map<string, Family>();
  for (const family of [...families].sort(byPreference)) {
    const owner = sampleNames(family)
      .map((name) => printedBy.get(name))
      .find((f) => f !== undefined);
    if (owner && (owner.name !== family.name || owner.type !== family.type)) {
      onConflict(
        `${family.name}: dropped the ${family.type} from "${family.help}": ` +
          `${owner.name} is a ${owner.type} from "${owner.help}"`,
      );
      continue;
    }
    for (const name of sampleNames(family)) printedBy.set(name, family);
    const merged = byName.get(family.name) ?? { family, values: [], from: new Map<string, string>() };
    byName.set(family.name, merged);
    for (const sample of family.values) {
      const id = seriesId(family, sample);
      const kept = merged.from.get(id);
      if (kept === undefined) {
        merged.from.set(id, family.help);
        merged.values.push(sample);
      } else onConflict(`${id}: dropped the sample from "${family.help}": it repeats the one from "${kept}"`);
    }
  }
  return [...byName.values()]
    .map(({ family, values }) => ({ ...family, values }))
    .sort((a, b) => compare(a.name, b.name));
}
