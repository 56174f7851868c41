// The command line both agents share (commander): the same verbs, flags and exit codes (DESIGN.md).
// Each verb's implementation is loaded only when that verb runs, so an exec probe (`ok`) never pays
// for fastify or the metrics collectors.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT_BAD_CONFIG, EXIT_USAGE, isAgentError } from './errors.ts';
import { CHECK_TIMEOUT_MAX_MS } from './agent-settings.ts';
import { integerCheck, type Env } from './env.ts';

export interface CommonOptions {
  readonly hostname?: string;
}
export interface InitOptions extends CommonOptions {
  readonly dryRun: boolean;
  readonly confDir?: string;
}
export interface RunOptions extends CommonOptions {
  readonly confDir?: string;
  /** Replaces the default server command (everything after `--`). */
  readonly command: readonly string[];
}
export interface OkOptions extends CommonOptions {
  readonly ready: boolean;
  readonly timeout?: number;
}
export interface MetricsOptions extends CommonOptions {
  readonly raw: boolean;
  readonly timeout?: number;
}

/** Anything text can be written to: a process stream, or a test's buffer. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Where a verb's output goes. The entry points use the process's own streams; tests that run a verb
 * in-process (thousands of generated cases, no process each) pass buffers. `log` unset: the logger
 * writes to fd 2 synchronously, as it always has.
 */
export interface ProgramIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly log?: TextSink;
}

/**
 * The process's own streams, taken when a verb runs rather than at module load: in a startup snapshot
 * (tried for issue 9, not shipped: README, Start-up of the exec verbs) module code runs at build time,
 * and streams taken then were the build's, closed long before a probe ran.
 */
const processIo = (): ProgramIo => ({ stdout: process.stdout, stderr: process.stderr });

type Verb<O> = () => Promise<{ default: (options: O, env: Env, io: ProgramIo) => Promise<number> }>;

export interface AgentProgramSpec {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly verbs: {
    readonly init: Verb<InitOptions>;
    readonly run: Verb<RunOptions>;
    readonly serve: Verb<CommonOptions>;
    readonly ok: Verb<OkOptions>;
    readonly metrics: Verb<MetricsOptions>;
    readonly status: Verb<CommonOptions>;
  };
}

const hostnameOption = () =>
  new Option('--hostname <name>', 'use NAME instead of the machine hostname to derive the pod identity');
const confDirOption = () => new Option('--conf-dir <dir>', 'write the server config files into DIR');
const timeoutOption = () =>
  new Option('--timeout <ms>', 'deadline for the check, in milliseconds').argParser(parseTimeout);

function parseTimeout(value: string): number {
  const result = integerCheck(1, CHECK_TIMEOUT_MAX_MS)(value);
  if (!result.ok) throw new InvalidArgumentError(`it ${result.message} milliseconds, e.g. --timeout 1000`);
  return result.value;
}

/** Parses argv and runs the chosen verb; resolves with the process exit code, never throws. */
export async function runProgram(
  spec: AgentProgramSpec,
  argv: readonly string[],
  env: Env,
  io: ProgramIo = processIo(),
): Promise<number> {
  let chosen: (() => Promise<number>) | undefined;
  const program = new Command(spec.name)
    .description(spec.description)
    .version(spec.version)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions();

  // Commander's option names (`--dry-run` → dryRun) are the verbs' option fields; `run` also gets the
  // operands after `--` as `command`.
  const verb = <O>(load: Verb<O>) =>
    function (this: Command, ...args: unknown[]) {
      const command = args.slice(0, -2).flat() as string[];
      const options = { ...this.opts(), command } as unknown as O;
      chosen = async () => (await load()).default(options, env, io);
    };

  program
    .command('init')
    .description('validate the environment, derive identity and write the server config files')
    .option('--dry-run', 'print the files instead of writing them', false)
    .addOption(hostnameOption())
    .addOption(confDirOption())
    .action(verb(spec.verbs.init));

  program
    .command('run')
    .description('init, then serve probes and metrics while running the server (or CMD) as a child')
    .argument('[command...]', 'command to run instead of the default server (after --)')
    .addOption(hostnameOption())
    .addOption(confDirOption())
    .passThroughOptions()
    .action(verb(spec.verbs.run));

  program
    .command('serve')
    .description('serve probes and metrics only (sidecar)')
    .addOption(hostnameOption())
    .action(verb(spec.verbs.serve));

  program
    .command('ok')
    .description(
      'one health check for exec probes: liveness, or readiness with --ready (exit 0 healthy, 1 not)',
    )
    .option('--ready', 'check readiness instead of liveness', false)
    .addOption(timeoutOption())
    .addOption(hostnameOption())
    .action(verb(spec.verbs.ok));

  program
    .command('metrics')
    .description('print the Prometheus metrics once')
    .option('--raw', "print the server's raw statistics instead", false)
    .addOption(timeoutOption())
    .addOption(hostnameOption())
    .action(verb(spec.verbs.metrics));

  program
    .command('status')
    .description('print a human summary of the server: mode, leader, peers, ids')
    .addOption(hostnameOption())
    .action(verb(spec.verbs.status));

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
  try {
    return await chosen();
  } catch (error) {
    if (isAgentError(error)) {
      io.stderr.write(formatAgentError(error.code, error.message));
      return error.exitCode;
    }
    io.stderr.write(
      `${spec.name}: unexpected failure (please report it):\n${(error as Error).stack ?? String(error)}\n`,
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
