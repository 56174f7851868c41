// The built zk-agent bundle started as a container would start it, in its own process group so that
// the agent and everything it spawned (the JVM) can be killed together, whatever state the test is in.
// Every group started here is SIGKILLed when this process exits, so a failed or interrupted test run
// never leaves a JVM behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './fetch-zookeeper.ts';

export const AGENT_BUNDLE = join(REPO_ROOT, 'dist', 'zk-agent.js');

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface AgentProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The agent's stdout and stderr, with the server's output it passes through. */
  readonly logFile: string;
  readonly exited: Promise<ExitInfo>;
  /** Set once the agent has exited. */
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

/** Has the group SIGKILLed when this process exits, like the agents' (for other servers a test starts). */
export function killGroupOnExit(group: number): void {
  liveGroups.add(group);
}

/** Builds dist/zk-agent.js if it is missing (`npm run build` rebuilds it; CI builds before testing). */
export function ensureAgentBundle(): string {
  if (!existsSync(AGENT_BUNDLE)) {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, '.config', 'build.ts')], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error('npm run build failed: the tests need dist/zk-agent.js');
  }
  return AGENT_BUNDLE;
}

/**
 * `node dist/zk-agent.js ARGS…` with exactly `env` (nothing inherited: each test gets a clean env), its
 * output appended to `logFile`. The agent leads a new process group (`detached`), which its children join.
 */
export function startAgent(args: readonly string[], env: NodeJS.ProcessEnv, logFile: string): AgentProcess {
  const out = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [ensureAgentBundle(), ...args], {
      cwd: REPO_ROOT,
      env,
      detached: true,
      stdio: ['ignore', out, out],
    });
  } finally {
    closeSync(out); // the child has its own copy
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`cannot start ${process.execPath} ${AGENT_BUNDLE}`);
  killGroupOnExit(pid);
  const agent: AgentProcess = {
    child,
    pid,
    logFile,
    exit: undefined,
    exited: new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        agent.exit = { code, signal };
        resolve(agent.exit);
      });
    }),
  };
  return agent;
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
export function agentLogEvents(logFile: string): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (const line of readLog(logFile).split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const event = JSON.parse(line) as Record<string, unknown>;
      if (event.agent === 'zk-agent') events.push(event);
    } catch {
      // a server line that happens to start with `{`
    }
  }
  return events;
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
