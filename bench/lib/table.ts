// Benchmark results print as one table: what was measured, the figure, its baseline, the ratio, the goal.
export interface Row {
  readonly name: string;
  readonly value: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly goal: string;
  readonly met: boolean | undefined;
}

export function printTable(rows: readonly Row[]): void {
  const header = ['benchmark', 'value', 'baseline', 'ratio', 'goal', 'met'];
  const cells = rows.map((row) => [
    row.name,
    row.value,
    row.baseline,
    row.ratio,
    row.goal,
    row.met === undefined ? '-' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((_, column) =>
    Math.max(header[column]!.length, ...cells.map((line) => line[column]!.length)),
  );
  const format = (line: string[]) =>
    `| ${line.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log(format(header));
  console.log(`| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`);
  for (const line of cells) console.log(format(line));
}

export const fmt = (value: number, unit: string, digits = 1) => `${value.toFixed(digits)} ${unit}`;
export const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}x`;

/**
 * A row comparing one figure with its baseline: the value and the baseline printed in `unit`, their
 * ratio, and, with `maxRatio`, whether the goal `≤ maxRatio×` was met.
 */
export function ratioRow(
  name: string,
  value: number,
  baseline: { name: string; value: number },
  unit: string,
  maxRatio?: number,
): Row {
  return {
    name,
    value: fmt(value, unit),
    baseline: `${baseline.name}: ${fmt(baseline.value, unit)}`,
    ratio: ratio(value, baseline.value),
    goal: maxRatio === undefined ? '-' : `≤ ${maxRatio.toFixed(2)}x`,
    met: maxRatio === undefined ? undefined : value / baseline.value <= maxRatio,
  };
}
