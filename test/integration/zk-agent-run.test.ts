// `zk-agent run` as a container's main process, with the built bundle and real processes: a bad env
// stops it before any server starts, `run -- CMD` runs CMD and exits with its status, and stop/reload
// signals reach the child.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, stopGroup, waitForExit, type AgentProcess } from '../../tools/harness/agent-process.ts';
import { pollUntil } from '../../tools/harness/poll.ts';
import { freePort } from '../../tools/harness/ports.ts';
import { removeScratchDir, scratchDir } from '../../tools/harness/scratch.ts';

let dir: string;
let count = 0;
const agents: AgentProcess[] = [];

beforeAll(() => {
  dir = scratchDir('zk-agent-run');
});
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => stopGroup(agent, 2000)));
});
afterAll(() => removeScratchDir(dir));

/** A fresh pod dir and a valid standalone env; each test gets its own. */
async function pod(env: Record<string, string | undefined> = {}) {
  const podDir = join(dir, `case-${++count}`);
  mkdirSync(podDir);
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ZK_REPLICAS: '1',
    ZK_DATA_DIR: join(podDir, 'data'),
    ZK_DATA_LOG_DIR: join(podDir, 'log'),
    ZK_CLIENT_PORT: String(await freePort()),
    AGENT_PORT: String(await freePort()),
  };
  return {
    dir: podDir,
    confDir: join(podDir, 'conf'),
    log: join(podDir, 'agent.log'),
    env: { ...base, ...env },
  };
}

function run(p: Awaited<ReturnType<typeof pod>>, command: readonly string[] = []): AgentProcess {
  const args = [
    'run',
    '--hostname',
    'zk-0',
    '--conf-dir',
    p.confDir,
    ...(command.length ? ['--', ...command] : []),
  ];
  const agent = startAgent(args, p.env, p.log);
  agents.push(agent);
  return agent;
}

/**
 * A JAVA_HOME whose bin/java only records that it was started (and with what): it tells whether the
 * agent tried to start a server at all, without a real JVM.
 */
function fakeJavaHome(podDir: string): { javaHome: string; calls: string } {
  const javaHome = join(podDir, 'fake-jdk');
  const calls = join(podDir, 'java-calls');
  mkdirSync(join(javaHome, 'bin'), { recursive: true });
  writeFileSync(join(javaHome, 'bin', 'java'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${calls}'\n`);
  chmodSync(join(javaHome, 'bin', 'java'), 0o755);
  return { javaHome, calls };
}

function waitForFile(path: string, timeoutMs = 10_000): Promise<string> {
  return pollUntil(
    `${path} written`,
    async () => (existsSync(path) ? readFileSync(path, 'utf8') || undefined : undefined),
    { timeoutMs, intervalMs: 25 },
  );
}

describe('zk-agent run with a bad environment', () => {
  it.each([
    ['ZK_REPLICAS unset', { ZK_REPLICAS: undefined }, 'ZK_REPLICAS is required'],
    ['ZK_REPLICAS not a number', { ZK_REPLICAS: 'three' }, 'ZK_REPLICAS="three"'],
    ['three replicas and no domain', { ZK_REPLICAS: '3', AGENT_DOMAIN: undefined }, 'AGENT_DOMAIN'],
  ])('exits 1 and starts no JVM: %s', async (_, env, message) => {
    const p = await pod(env);
    const { javaHome, calls } = fakeJavaHome(p.dir);
    const agent = run({ ...p, env: { ...p.env, JAVA_HOME: javaHome } });
    expect(await waitForExit(agent, 10_000)).toEqual({ code: 1, signal: null });
    expect(readFileSync(p.log, 'utf8')).toContain(message);
    expect(existsSync(calls), 'java was started').toBe(false);
    expect(existsSync(p.confDir), 'nothing is written').toBe(false);
  });

  it('starts the server with a good one (the check above can see a JVM start)', async () => {
    const p = await pod();
    const { javaHome, calls } = fakeJavaHome(p.dir);
    const agent = run({ ...p, env: { ...p.env, JAVA_HOME: javaHome } });
    expect(await waitForExit(agent, 10_000)).toEqual({ code: 0, signal: null });
    const args = readFileSync(calls, 'utf8').split('\n');
    expect(args).toContain('org.apache.zookeeper.server.quorum.QuorumPeerMain');
    expect(args).toContain(join(p.confDir, 'zoo.cfg'));
    expect(existsSync(join(p.env.ZK_DATA_DIR!, 'myid'))).toBe(true);
  });
});

describe('zk-agent run -- CMD', () => {
  it("exits with the command's status", async () => {
    const agent = run(await pod(), ['sh', '-c', 'exit 7']);
    expect(await waitForExit(agent, 10_000)).toEqual({ code: 7, signal: null });
  });

  it('exits 128+N when the command is killed by signal N', async () => {
    const agent = run(await pod(), ['sh', '-c', 'kill -TERM $$']);
    expect(await waitForExit(agent, 10_000)).toEqual({ code: 143, signal: null });
  });

  it('exits 127 when the command does not exist', async () => {
    const p = await pod();
    const agent = run(p, [join(p.dir, 'no-such-command')]);
    expect(await waitForExit(agent, 10_000)).toEqual({ code: 127, signal: null });
    expect(readFileSync(p.log, 'utf8')).toContain('AGENT_ERR_EXEC');
  });
});

describe('zk-agent run forwards signals to its child', () => {
  // The child reports the signal it got in a file and exits with a code of its own for each signal, so
  // the test sees both that the signal arrived and that the agent passed the child's status on.
  const CHILD = `
    const [report, ready] = process.argv.slice(1);
    const fs = require('node:fs');
    const codes = { SIGTERM: 41, SIGINT: 42, SIGHUP: 43 };
    for (const [signal, code] of Object.entries(codes)) {
      process.on(signal, () => { fs.writeFileSync(report, signal); process.exit(code); });
    }
    fs.writeFileSync(ready, String(process.pid));
    setInterval(() => {}, 1000);
  `;

  it.each([
    ['SIGTERM', 41],
    ['SIGINT', 42],
    ['SIGHUP', 43],
  ] as const)('%s reaches the child; the agent exits with its status', async (signal, code) => {
    const p = await pod();
    const report = join(p.dir, 'signal');
    const ready = join(p.dir, 'ready');
    const agent = run(p, [process.execPath, '-e', CHILD, report, ready]);
    await waitForFile(ready);
    process.kill(agent.pid, signal); // the agent only: passing it on is the agent's job
    expect(await waitForExit(agent, 10_000)).toEqual({ code, signal: null });
    expect(readFileSync(report, 'utf8')).toBe(signal);
  });
});
