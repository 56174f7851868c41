// The built zk-agent bundle started as a container would start it, in its own process group so that
// the agent and everything it spawned (the JVM) can be killed together, whatever state the test is in.
// Every group started here is SIGKILLed when this process exits, so a failed or interrupted test run
// never leaves a JVM behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { bundlePath, ensureBuilt, logEvents, REPO_ROOT, type AgentName } from './run-agent.ts';

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A process startGroup started: an agent (startAgent), or another server a test runs (Prometheus). */
export interface AgentProcess {
  readonly child: ChildProcess;
  /** Also the id of its process group. */
  readonly pid: number;
  /** Its stdout and stderr; an agent's holds the server's output it passes through. */
  readonly logFile: string;
  readonly exited: Promise<ExitInfo>;
  /** Set once it has exited. */
  exit: ExitInfo | undefined;
}

/** Process groups still alive; killed on exit (the `exit` event runs synchronously, as kill does). */
const liveGroups = new Set<number>();
const killAll = () => {
  for (const group of [...liveGroups]) killGroup(group, 'SIGKILL');
};
process.once('exit', killAll);
// The pods' own process groups do not get the terminal's Ctrl-C, and a signal's default action skips
// `exit`: so when nothing else handles the signal (the demo does), kill the pods, then die of it as before.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, function onSignal() {
    if (process.listenerCount(signal) > 1) return;
    killAll();
    process.off(signal, onSignal);
    process.kill(process.pid, signal);
  });
}

/**
 * `COMMAND ARGS…` leading a new process group (`detached`), which its children join, its stdout and
 * stderr appended to `logFile`. The group is SIGKILLed when this process exits (see above).
 */
export function startGroup(
  command: string,
  args: readonly string[],
  options: { readonly logFile: string; readonly env?: NodeJS.ProcessEnv; readonly cwd?: string },
): AgentProcess {
  const out = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', out, out],
    });
  } finally {
    closeSync(out); // the child has its own copy
  }
  const pid = child.pid;
  if (pid === undefined) {
    // Node reports why (ENOENT, EACCES) only in an 'error' event a tick later: the throw below says it.
    child.once('error', () => undefined);
    throw new Error(`cannot start ${command} (not found, or not executable)`);
  }
  liveGroups.add(pid);
  const started: AgentProcess = {
    child,
    pid,
    logFile: options.logFile,
    exit: undefined,
    exited: new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        started.exit = { code, signal };
        resolve(started.exit);
      });
    }),
  };
  return started;
}

const bundleChecked = new Set<AgentName>();

/**
 * `node [NODE_ARGS…] dist/<agent>.js ARGS…` (zk-agent unless told; node flags as an image's wrapper gives them) with exactly `env` (nothing inherited: each test gets a clean env), its
 * output appended to `logFile`, in a process group of its own. The first start of a process rebuilds the
 * bundle if any source is newer (ensureBuilt), so every pod of a run runs the same, current code.
 */
export function startAgent(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  agent: AgentName = 'zk-agent',
  nodeArgs: readonly string[] = [],
): AgentProcess {
  if (!bundleChecked.has(agent)) {
    ensureBuilt(agent);
    bundleChecked.add(agent);
  }
  return startGroup(process.execPath, [...nodeArgs, bundlePath(agent), ...args], {
    cwd: REPO_ROOT,
    env,
    logFile,
  });
}

/** Waits for the agent to exit, or rejects after `timeoutMs` (the caller's teardown kills the group). */
export async function waitForExit(agent: AgentProcess, timeoutMs: number): Promise<ExitInfo> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`agent ${agent.pid} did not exit within ${timeoutMs} ms\n${logTail(agent.logFile)}`),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([agent.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True while any process of the group (the agent, or a server it left behind) is alive. */
export function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

export function killGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // ESRCH: the whole group is gone already
  }
  if (signal === 'SIGKILL') liveGroups.delete(group);
}

/**
 * Stops the agent's whole group: SIGTERM to the agent (which forwards it), then SIGKILL to the group
 * after `graceMs` or at once if the agent is gone but the group is not (an orphaned server).
 */
export async function stopGroup(agent: AgentProcess, graceMs = 10_000): Promise<void> {
  if (!agent.exit) {
    try {
      process.kill(agent.pid, 'SIGTERM');
      await waitForExit(agent, graceMs);
    } catch {
      // fall through to SIGKILL
    }
  }
  killGroup(agent.pid, 'SIGKILL');
  await agent.exited;
}

/** The agent's own JSON log lines (pino), skipping the server's output that passes through. */
export function agentLogEvents(logFile: string, agent: AgentName = 'zk-agent'): Record<string, unknown>[] {
  return readLog(logFile)
    .split('\n')
    .flatMap((line) => {
      try {
        return logEvents(line);
      } catch {
        return []; // a server line that happens to start with `{`
      }
    })
    .filter((event) => event.agent === agent);
}

/** The last lines of a log, for failure messages. */
export function logTail(logFile: string, lines = 25): string {
  const tail = readLog(logFile).trimEnd().split('\n').slice(-lines).join('\n');
  return `--- last lines of ${logFile} ---\n${tail}`;
}

function readLog(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8');
  } catch {
    return '';
  }
}
