// What both entry points run: an exec verb straight from argv when argv is plain (direct-verb.ts),
// anything else through commander's command line, which is loaded only then.
import { directInvocation, runDirect } from './direct-verb.ts';
import type { Env } from './env.ts';
import type { AgentProgramSpec, ProgramIo } from './verbs.ts';

/**
 * The process's own streams, taken when a verb runs rather than at module load: in a startup snapshot
 * (tried to cut the exec verbs' start-up, not shipped: README, Start-up of the exec verbs) module code
 * runs at build time, and streams taken then were the build's, closed long before a probe ran.
 */
const processIo = (): ProgramIo => ({ stdout: process.stdout, stderr: process.stderr });

/** Parses argv and runs the chosen verb; resolves with the process exit code, never throws. */
export async function runAgent(
  spec: AgentProgramSpec,
  argv: readonly string[],
  env: Env,
  io: ProgramIo = processIo(),
): Promise<number> {
  const direct = directInvocation(argv);
  if (direct) return runDirect(spec, direct, env, io);
  const { runProgram } = await import('./program.ts');
  return runProgram(spec, argv, env, io);
}
