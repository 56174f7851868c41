// The command line both agents share (commander): the same verbs, flags and exit codes (errors.ts), built
// from the verbs table (verbs.ts). Each verb's implementation is loaded only when that verb runs, so an
// exec probe never pays for fastify or the metrics collectors; a plain exec-verb invocation does not
// load this file at all (entry.ts, direct-verb.ts).
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT_USAGE } from './errors.ts';
import type { Env } from './env.ts';
import { runVerb } from './run-verb.ts';
import { VERBS, type AgentProgramSpec, type Flag, type ProgramIo, type VerbName } from './verbs.ts';

function commanderOption(flag: Flag): Option {
  const option = new Option(`--${flag.long}${flag.value ? ` ${flag.value}` : ''}`, flag.description);
  if (!flag.value) return option.default(false);
  const check = flag.check;
  if (!check) return option;
  return option.argParser((value: string) => {
    const result = check.run(value);
    if (!result.ok) throw new InvalidArgumentError(`it ${result.message} ${check.hint}`);
    return result.value;
  });
}

/** Parses argv with commander and runs the chosen verb; resolves with the process exit code, never throws. */
export async function runProgram(
  spec: AgentProgramSpec,
  argv: readonly string[],
  env: Env,
  io: ProgramIo,
): Promise<number> {
  let chosen: (() => Promise<number>) | undefined;
  const program = new Command(spec.name)
    .description(spec.description)
    .version(spec.version)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions();

  for (const [name, definition] of Object.entries(VERBS) as [VerbName, (typeof VERBS)[VerbName]][]) {
    const command = program.command(name).description(definition.description);
    // `run` alone takes operands: the command to run instead of the server, after `--`.
    if (name === 'run') {
      command
        .argument('[command...]', 'command to run instead of the default server (after --)')
        .passThroughOptions();
    }
    for (const flag of definition.flags) command.addOption(commanderOption(flag));
    command.action(function (this: Command, ...args: unknown[]) {
      // Commander's option names (`--dry-run` → dryRun, optionKey) are the verbs' option fields; `run`
      // also gets its operands as `command`.
      const options = name === 'run' ? { ...this.opts(), command: args[0] as string[] } : this.opts();
      const load = spec.verbs[name] as AgentProgramSpec['verbs']['status'];
      chosen = async () => (await load()).default(options, env, io);
    });
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; anything else is a usage error (exit 2, like tini).
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    throw error;
  }
  if (!chosen) {
    program.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  return runVerb(spec.name, chosen, io);
}
