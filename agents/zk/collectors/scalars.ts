import type { Family } from './family.ts';
import type { MntrCollector } from './collector.ts';
import { numericEntries } from './mntr.ts';
import { helpFor, isCounter, seriesName, splitSetKey } from './naming.ts';
import { summaryPart } from './summary-part.ts';

/** Every numeric mntr key that is not part of a summary, as a counter (`_total`) or a gauge. */
export const scalars: MntrCollector = {
  name: 'scalars',
  collect(mntr) {
    const families: Family[] = [];
    for (const entry of numericEntries(mntr)) {
      if (summaryPart(entry, mntr) !== undefined) continue;
      const set = splitSetKey(entry.name);
      const type = isCounter(set.name) ? 'counter' : 'gauge';
      const { name, divisor, milliseconds } = seriesName(set.name, type);
      const labels = { ...entry.labels, ...set.labels };
      const help = helpFor(set.name, set.labels, type, milliseconds);
      families.push({ name, help, type, values: [{ labels, value: entry.value / divisor }] });
    }
    // One family per key: the merge in metrics.ts joins metric sets and reports keys that clash.
    return families;
  },
};
