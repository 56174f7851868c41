// The loop both agents' init property tests share: generated cases, each in its own directory, through
// a check that throws on a broken promise; the seed printed so FC_SEED replays a failure, and both
// outcomes counted, since a property that only ever writes (or only refuses) says little.
import fc from 'fast-check';
import { expect } from 'vitest';
import { makeCaseDir, propertyParameters, type CaseDir, type InitRun } from './in-process-init.ts';

export type InitOutcome = 'written' | 'refused';

export async function assertInitProperty<C>(
  label: string,
  arbitrary: fc.Arbitrary<C>,
  suitePath: string,
  check: (c: C, dir: CaseDir) => Promise<InitOutcome>,
): Promise<void> {
  const parameters = propertyParameters(10_000);
  console.log(
    `${label}: ${parameters.numRuns} runs, seed ${parameters.seed} (FC_SEED=${parameters.seed} replays)`,
  );
  const outcomes = { written: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(arbitrary, async (c) => {
      const dir = makeCaseDir(suitePath);
      try {
        outcomes[await check(c, dir)]++;
      } finally {
        dir.remove();
      }
    }),
    parameters,
  );
  console.log(`${label}: ${outcomes.written} written, ${outcomes.refused} refused`);
  // Both halves must be exercised, or the property says little: a generator drift shows here.
  expect(outcomes.written).toBeGreaterThan(parameters.numRuns * 0.1);
  expect(outcomes.refused).toBeGreaterThan(parameters.numRuns * 0.1);
}

/** A case's end: the problems found, with the run's exit and stderr, or how it ended. */
export function outcomeOf(run: InitRun, problems: readonly string[]): InitOutcome {
  if (problems.length > 0) {
    throw new Error(`${problems.join('\n')}\nexit ${run.code}, stderr: ${run.stderr.slice(0, 3000)}`);
  }
  return run.code === 0 ? 'written' : 'refused';
}

/** The names a refusal may mention: the agent's schema variables and every variable of the pod's env. */
export function refusableNames(schemaNames: readonly string[], env: Record<string, string>): string[] {
  return [...schemaNames, ...Object.keys(env).map((name) => name.replace(/_FILE$/, ''))];
}
