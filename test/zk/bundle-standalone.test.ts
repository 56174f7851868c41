// `node dist/zk-agent.js …` runs from any directory with no node_modules. The bundle is
// copied alone into an empty directory outside the repository and every part of it is exercised there:
// the eagerly loaded code (init), prom-client (metrics) and fastify (serve), the last two compiled from
// the strings embedded by .config/build.ts on first use.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../tools/harness/ports.ts';
import { pollUntil } from '../../tools/harness/poll.ts';
import { bundlePath, ensureBuilt, makeTempDir } from '../../tools/harness/run-agent.ts';

const dir = makeTempDir('zk-agent-alone-');
const agent = join(dir.path, 'zk-agent.js');
const env = { PATH: process.env.PATH, ZK_REPLICAS: '1', ZK_CLIENT_PORT: '1' };

beforeAll(() => {
  ensureBuilt('zk-agent');
  copyFileSync(bundlePath('zk-agent'), agent);
});
afterAll(() => dir.remove());

const run = (args: string[], extra: Record<string, string> = {}) =>
  spawnSync(process.execPath, [agent, ...args], {
    cwd: dir.path,
    env: { ...env, ...extra },
    encoding: 'utf8',
  });

describe('the bundle copied alone into an empty directory', () => {
  it('has nothing beside it to lean on', () => {
    expect(existsSync(join(dir.path, 'node_modules'))).toBe(false);
    expect(existsSync(join(dir.path, 'package.json'))).toBe(false);
  });

  it('renders the config files (init --dry-run)', () => {
    const result = run(['init', '--dry-run', '--hostname', 'zk-0']);
    expect(result.stderr).not.toContain('Error');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('4lw.commands.whitelist=ruok,mntr,srvr');
  });

  it('loads prom-client when it renders metrics (ZooKeeper down: zookeeper_up 0)', () => {
    const result = run(['metrics']);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^zookeeper_up 0$/m);
  });

  it('loads fastify when it serves, answers a probe, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [agent, 'serve', '--hostname', 'zk-0'], {
      cwd: dir.path,
      env: { ...env, AGENT_HOST: '127.0.0.1', AGENT_PORT: String(port) },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      const livez = await pollUntil(
        'the standalone bundle answering /livez',
        async () => {
          const response = await fetch(`http://127.0.0.1:${port}/livez`).catch(() => undefined);
          return response ? response.status : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 100 },
      );
      expect(livez, 'nothing listens on ZK_CLIENT_PORT=1: not alive').toBe(503);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
