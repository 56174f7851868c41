// The times an e2e file measures (to Ready, each fault's recovery), printed together at its end so a
// run's log gives them in one table.
export class Timings {
  private readonly rows: [string, number][] = [];

  private readonly title: string;

  constructor(title: string) {
    this.title = title;
  }

  record(what: string, ms: number): void {
    this.rows.push([what, ms]);
  }

  /** Runs `step`, records how long it took, returns its result. */
  async time<T>(what: string, step: () => Promise<T>): Promise<T> {
    const begun = Date.now();
    const result = await step();
    this.record(what, Date.now() - begun);
    return result;
  }

  print(): void {
    const width = Math.max(...this.rows.map(([what]) => what.length), 0);
    console.log(
      [
        `${this.title} times:`,
        ...this.rows.map(([what, ms]) => `  ${what.padEnd(width)}  ${(ms / 1000).toFixed(1)} s`),
      ].join('\n'),
    );
  }
}
