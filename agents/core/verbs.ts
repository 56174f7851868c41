// The verbs and their flags, as data. Commander's command line (program.ts) is built from this table, and
// so is the direct path that runs the exec verbs without commander (direct-verb.ts): the two read the
// same flags, so they cannot drift apart. No commander here: the exec probes load this file.
import { CHECK_TIMEOUT_MAX_MS } from './agent-settings.ts';
import { integerCheck, type Check, type Env } from './env.ts';

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

export type VerbName = keyof AgentProgramSpec['verbs'];

export interface Flag {
  /** The long name without dashes; the option's field is its camelCase (`dry-run` → `dryRun`). */
  readonly long: string;
  /** Set for a flag that takes a value: its placeholder in the help, e.g. `<ms>`. */
  readonly value?: string;
  readonly description: string;
  /** A value flag's parser; its message completes "it …", e.g. `--timeout 0`: "it must be from 1 to …". */
  readonly check?: { readonly run: Check<number>; readonly hint: string };
}

const hostname: Flag = {
  long: 'hostname',
  value: '<name>',
  description: 'use NAME instead of the machine hostname to derive the pod identity',
};
const confDir: Flag = {
  long: 'conf-dir',
  value: '<dir>',
  description: 'write the server config files into DIR',
};
const timeout: Flag = {
  long: 'timeout',
  value: '<ms>',
  description: 'deadline for the check, in milliseconds',
  check: { run: integerCheck(1, CHECK_TIMEOUT_MAX_MS), hint: 'milliseconds, e.g. --timeout 1000' },
};

export interface VerbDefinition {
  readonly description: string;
  /** In help order. Flags without `value` are switches, false unless given. */
  readonly flags: readonly Flag[];
  /**
   * Run straight from argv without commander when argv is plain (direct-verb.ts): the exec verbs, which
   * a kubelet or an operator starts as a process each time, where commander's start-up is a third of
   * the cost. The resident verbs (`run`, `serve`) start once per pod and keep commander's parsing.
   */
  readonly direct: boolean;
}

export const VERBS: Readonly<Record<VerbName, VerbDefinition>> = {
  init: {
    description: 'validate the environment, derive identity and write the server config files',
    flags: [{ long: 'dry-run', description: 'print the files instead of writing them' }, hostname, confDir],
    direct: true,
  },
  run: {
    description: 'init, then serve probes and metrics while running the server (or CMD) as a child',
    flags: [hostname, confDir],
    direct: false,
  },
  serve: { description: 'serve probes and metrics only (sidecar)', flags: [hostname], direct: false },
  ok: {
    description:
      'one health check for exec probes: liveness, or readiness with --ready (exit 0 healthy, 1 not)',
    flags: [{ long: 'ready', description: 'check readiness instead of liveness' }, timeout, hostname],
    direct: true,
  },
  metrics: {
    description: 'print the Prometheus metrics once',
    flags: [{ long: 'raw', description: "print the server's raw statistics instead" }, timeout, hostname],
    direct: true,
  },
  status: {
    description: 'print a human summary of the server: mode, leader, peers, ids',
    flags: [hostname],
    direct: true,
  },
};

/** The option's field name, as commander derives it: `conf-dir` → `confDir`. */
export function optionKey(flag: Flag): string {
  return flag.long.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
