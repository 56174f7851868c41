// What every generated run of either agent's `init` must end in, whatever the input: exit 0, or exit 1
// with an AGENT_ERR_* line that names what to change, no stack trace and nothing written. Returns the
// broken promises as text, so a property can report them all with the case that broke them.
import type { InitRun } from './in-process-init.ts';

export function refusalProblems(
  run: InitRun,
  names: readonly string[],
  changed: readonly string[],
): string[] {
  const problems: string[] = [];
  if (run.code !== 1) problems.push(`exit ${run.code}, expected 0 or 1`);
  if (/unexpected failure|^\s{4}at /m.test(run.stderr)) problems.push('a stack trace or unexpected failure');
  if (!/^AGENT_ERR_[A-Z_]+: /.test(run.stderr)) problems.push('no AGENT_ERR_* code first');
  if (run.stdout !== '') problems.push('printed to stdout');
  if (changed.length > 0) problems.push(`wrote ${changed.join(', ')}`);
  // Each problem line names what to change: a variable (of the pod's env or not), or the hostname.
  const lines = run.stderr
    .trim()
    .split('\n')
    .filter((line) => !/^AGENT_ERR_[A-Z_]+: \d+ problems:$/.test(line));
  for (const line of lines) {
    // The variable to set may be one the pod lacks (KAFKA_ZOOKEEPER_CONNECT): any agent or server name.
    const named =
      names.some((name) => line.includes(name)) ||
      /hostname|POD_INDEX|\b(KAFKA|AGENT|ZK)_[A-Z0-9_]+/.test(line);
    if (!named) problems.push(`names no variable: ${line.slice(0, 300)}`);
  }
  return problems;
}

/** Properties as the server reads them vs what the case asked for: missing, extra and different keys. */
export function propertyDifferences(
  actual: Readonly<Record<string, string>>,
  expected: ReadonlyMap<string, string>,
): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(actual)) {
    if (!expected.has(key)) problems.push(`key ${JSON.stringify(key)} that the input did not ask for`);
    else if (actual[key] !== expected.get(key))
      problems.push(
        `${key}=${JSON.stringify(actual[key]).slice(0, 200)}, asked for ${JSON.stringify(expected.get(key)).slice(0, 200)}`,
      );
  }
  for (const key of expected.keys()) if (!(key in actual)) problems.push(`missing ${key}`);
  return problems;
}
