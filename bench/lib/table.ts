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
