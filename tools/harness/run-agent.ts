// Runs a built agent bundle the way a container does: `node dist/<agent>.js …` with a clean environment
// (only PATH and the variables a test names), so nothing from the developer's shell leaks into a case.
// Shared by the golden, bad-input and integration tests, and (through tools/harness/agent-process.ts) by
// the demo and the benchmarks: the one place that knows where the bundle is and keeps it fresh.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type AgentName = 'zk-agent' | 'kafka-agent';

export function bundlePath(agent: AgentName): string {
  return join(REPO_ROOT, 'dist', `${agent}.js`);
}

/**
 * Builds the bundles when `agent`'s is missing or older than any source under agents/ or the build
 * script, so a test never runs yesterday's code. Call it from a beforeAll (a build takes about a second).
 */
export function ensureBuilt(agent: AgentName = 'zk-agent'): void {
  const bundle = bundlePath(agent);
  let builtAt: number;
  try {
    builtAt = statSync(bundle).mtimeMs;
  } catch {
    builtAt = -1;
  }
  const sources = Math.max(
    newestSource(join(REPO_ROOT, 'agents')),
    statSync(join(REPO_ROOT, '.config/build.ts')).mtimeMs,
  );
  if (builtAt >= sources) return;
  const build = spawnSync(process.execPath, ['.config/build.ts'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export interface AgentRun {
  /** Exit code; null only if the agent was killed (then `signal` says by what). */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunAgentOptions {
  /** The whole environment besides PATH. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

/** Runs the bundle to completion (for verbs that end: init, ok, metrics, status, usage errors). */
export function runAgent(agent: AgentName, args: readonly string[], options: RunAgentOptions = {}): AgentRun {
  const result = spawnSync(process.execPath, [bundlePath(agent), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 20_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

export interface TimedAgentRun extends AgentRun {
  /** From spawn to exit, node's own start-up included. */
  readonly elapsedMs: number;
}

/**
 * runAgent without blocking this process: for tests whose peer lives in the test process itself (a
 * scripted ZooKeeper), which spawnSync would freeze. `nodeArgs` go before the bundle (e.g. --require).
 */
export function runAgentAsync(
  agent: AgentName,
  args: readonly string[],
  options: RunAgentOptions & { readonly nodeArgs?: readonly string[] } = {},
): Promise<TimedAgentRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bundlePath(agent), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 20_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) =>
      resolve({ status, signal, stdout, stderr, elapsedMs: performance.now() - started }),
    );
  });
}

/** A fresh directory under the OS temp dir; `remove()` deletes it (call it from afterEach/afterAll). */
export function makeTempDir(prefix: string): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** `KEY=VALUE` lines (the value is everything after the first `=`, verbatim); `#` lines and blanks skipped. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at < 1) throw new Error(`env file line without KEY=: ${JSON.stringify(line)}`);
    env[line.slice(0, at)] = line.slice(at + 1);
  }
  return env;
}

/**
 * The agent's log events: every line of `output` that starts with `{`, parsed (pino writes JSON lines),
 * in order. A line that does not parse throws: a verb's stderr holds nothing but the agent's log.
 */
export function logEvents(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The messages the agent logged at `warn` level (pino JSON lines on stderr), in order. */
export function loggedWarnings(stderr: string): string[] {
  return logEvents(stderr)
    .filter((event) => event.level === 40)
    .map((event) => event.msg as string);
}

/** True when `text` holds a JavaScript stack trace: expected failures must never print one. */
export function hasStackTrace(text: string): boolean {
  return /^\s{4}at /m.test(text);
}
