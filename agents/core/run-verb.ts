// Running a chosen verb: its exit code, or its failure turned into one. Shared by commander's command
// line (program.ts) and the direct path of the exec verbs (direct-verb.ts), so a verb fails alike
// whichever parsed its flags.
import { EXIT_BAD_CONFIG, isAgentError } from './errors.ts';
import type { ProgramIo } from './verbs.ts';

/** Resolves with the verb's exit code; an AgentError becomes its code line, anything else a report. */
export async function runVerb(agent: string, verb: () => Promise<number>, io: ProgramIo): Promise<number> {
  try {
    return await verb();
  } catch (error) {
    if (isAgentError(error)) {
      io.stderr.write(formatAgentError(error.code, error.message));
      return error.exitCode;
    }
    io.stderr.write(
      `${agent}: unexpected failure (please report it):\n${(error as Error).stack ?? String(error)}\n`,
    );
    return EXIT_BAD_CONFIG;
  }
}

/** `CODE: first line` then the remaining lines indented, so each problem stays one readable line. */
export function formatAgentError(code: string, message: string): string {
  const [first, ...rest] = message.split('\n');
  if (rest.length === 0) return `${code}: ${first}\n`;
  return `${code}: ${rest.length + 1} problems:\n${[first, ...rest].map((line) => `  - ${line}`).join('\n')}\n`;
}
