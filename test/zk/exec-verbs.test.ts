// The exec verbs (`ok`, `metrics`, `status`) of the built bundle, as an exec probe or an operator runs
// them, against a scripted ZooKeeper on a random port: exit codes, the one line a probe prints, the
// deadline, promtool-clean text, and that an exec probe does not pay for the HTTP server or the metrics
// library.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../tools/harness/ports.ts';
import { promtoolCheckMetrics } from '../helpers/golden.ts';
import { bundlePath, ensureBuilt, makeTempDir, runAgentAsync } from '../../tools/harness/run-agent.ts';
import { recordLoadedModules } from '../helpers/record-loaded.ts';
import { scriptedZk, type ScriptedServer } from '../helpers/scripted-zk.ts';

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/zk', name), 'utf8');

const LEADER = { ruok: 'imok', srvr: fixture('3.9.5-leader.srvr'), mntr: fixture('3.9.5-leader.mntr') };
const LOOKING = {
  ruok: fixture('3.9.5-looking.ruok'),
  srvr: fixture('3.9.5-looking.srvr'),
  mntr: fixture('3.9.5-looking.mntr'),
};

let zk: ScriptedServer | undefined;
let tmp: ReturnType<typeof makeTempDir>;

beforeAll(() => {
  ensureBuilt('zk-agent');
  tmp = makeTempDir('exec-verbs');
});
afterAll(() => tmp.remove());
afterEach(async () => {
  await zk?.close();
  zk = undefined;
});

async function zookeeper(replies: Record<string, string>): Promise<ScriptedServer> {
  zk = await scriptedZk((word, socket) => socket.end(replies[word] ?? ''));
  return zk;
}

/** The verb run as a probe would run it: a clean env naming the pod's ensemble size and client port. */
function verb(args: readonly string[], port: number, env: Record<string, string> = {}) {
  return runAgentAsync('zk-agent', args, {
    env: { ZK_REPLICAS: '3', ZK_CLIENT_PORT: String(port), ...env },
  });
}

describe('ok (liveness) and ok --ready (readiness)', () => {
  it('ok exits 0 and prints one line when ZooKeeper says imok', async () => {
    const run = await verb(['ok'], (await zookeeper(LEADER)).port);
    expect(run).toMatchObject({ status: 0, stdout: 'ok: ZooKeeper answered ruok with imok\n', stderr: '' });
  });

  it('ok --ready exits 0 on a quorum member, naming its mode', async () => {
    const run = await verb(['ok', '--ready'], (await zookeeper(LEADER)).port);
    expect(run).toMatchObject({ status: 0, stdout: 'ok: ZooKeeper serves as leader of a quorum\n' });
  });

  it('out of quorum: ok exits 0 (the process is up) but ok --ready exits 1 with the reason', async () => {
    const port = (await zookeeper(LOOKING)).port;
    const [live, ready] = await Promise.all([verb(['ok'], port), verb(['ok', '--ready'], port)]);
    expect(live.status).toBe(0);
    expect(ready.status).toBe(1);
    expect(ready.stdout).toBe(
      `not ok: ZooKeeper at 127.0.0.1:${port} is not serving requests (not in a quorum, e.g. electing a leader)\n`,
    );
  });

  it('ok --ready exits 1 with how to fix a whitelist that blocks srvr', async () => {
    const srvr = 'srvr is not executed because it is not in the whitelist.\n';
    const run = await verb(['ok', '--ready'], (await zookeeper({ ...LEADER, srvr })).port);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^not ok: .*add srvr to ZK_4LW_WHITELIST.*\n$/);
    expect(run.stdout.split('\n')).toHaveLength(2); // one line and its newline
  });

  it('ok exits 1 when nothing listens on the client port', async () => {
    const closed = await scriptedZk(() => {});
    await closed.close();
    const run = await verb(['ok'], closed.port);
    expect(run).toMatchObject({
      status: 1,
      stdout: `not ok: connection to ZooKeeper at 127.0.0.1:${closed.port} refused: is it running?\n`,
    });
  });

  it.each(['ok', 'ok --ready'])(
    '%s --timeout 200 against a server that never answers exits 1 soon after 200 ms',
    async (command) => {
      const args = command.split(' ');
      zk = await scriptedZk(() => {});
      // AGENT_CHECK_TIMEOUT would allow 5 s: only the flag can make it this quick.
      const run = await verb([...args, '--timeout', '200'], zk.port, { AGENT_CHECK_TIMEOUT: '5000' });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('within 200 ms');
      expect(run.elapsedMs).toBeGreaterThanOrEqual(200);
      // 200 ms plus node's start-up (about 60 ms here), loosely: a busy CI machine is slower.
      expect(run.elapsedMs).toBeLessThan(2000);
    },
  );

  it('AGENT_CHECK_TIMEOUT is the deadline without --timeout', async () => {
    zk = await scriptedZk(() => {});
    const run = await verb(['ok'], zk.port, { AGENT_CHECK_TIMEOUT: '300' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('within 300 ms');
  });
});

describe('metrics', () => {
  it('prints Prometheus text that passes promtool and exits 0', async () => {
    const run = await verb(['metrics'], (await zookeeper(LEADER)).port);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('zookeeper_server_state{state="leader"} 1');
    expect(run.stdout).toMatch(/^zookeeper_up 1$/m);
    expect(run.stdout).toContain('zk_agent_collector_success{collector="mntr"} 1');
    expect(promtoolCheckMetrics(run.stdout)).toEqual({ status: 0, output: '' });
  });

  it('--raw prints mntr as ZooKeeper sent it', async () => {
    const run = await verb(['metrics', '--raw'], (await zookeeper(LEADER)).port);
    expect(run).toMatchObject({ status: 0, stdout: LEADER.mntr });
  });

  it('a server out of quorum: still promtool-clean text (collector_success 0), exit 1, the reason on stderr', async () => {
    const run = await verb(['metrics'], (await zookeeper(LOOKING)).port);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('zk_agent_collector_success{collector="mntr"} 0');
    expect(promtoolCheckMetrics(run.stdout)).toEqual({ status: 0, output: '' });
    expect(run.stderr).toContain('is not serving requests');
  });

  it('--raw on a server out of quorum exits 1 with the reason on stderr and nothing on stdout', async () => {
    const run = await verb(['metrics', '--raw'], (await zookeeper(LOOKING)).port);
    expect(run).toMatchObject({ status: 1, stdout: '' });
    expect(run.stderr).toContain('is not serving requests');
  });
});

describe('status', () => {
  it('prints the pod, mode, version, zxid and learners of a leader, and exits 0', async () => {
    const run = await verb(['status', '--hostname', 'zk-0'], (await zookeeper(LEADER)).port);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        'Pod: zk-0 (myid 1 of 3)',
        'Mode: leader',
        'Version: 3.9.5-293c895a8d966a3ecb92872be4a1daf87d725da2',
        'Zxid: 0x100000000',
        'Znodes: 5',
        'Learners: 2 (synced followers: 2)',
        // No AGENT_DOMAIN here, and /etc/hosts knows no zk-0.<domain>: the peers cannot be named.
        "Ensemble: not shown: the peers' domain is unknown (set AGENT_DOMAIN, e.g. AGENT_DOMAIN=zk-hs.default.svc.cluster.local)",
        '',
      ].join('\n'),
    );
  });

  it('exits 1 when the server is not serving, and says what is wrong', async () => {
    const port = (await zookeeper(LOOKING)).port;
    const run = await verb(['status', '--hostname', 'zk-2'], port);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('Pod: zk-2 (myid 3 of 3)\nMode: not-serving\n');
    expect(run.stdout).toContain(`Problem: ZooKeeper at 127.0.0.1:${port} is not serving requests`);
  });
});

// What an exec probe loads. The bundle is CommonJS with every dependency inlined, so require.cache
// shows one file; but node records each of its own modules in process.moduleLoadList, and the
// libraries give themselves away by the builtins they require when loaded: fastify's lib/server.js
// requires node:http2 (and node:dns) at its top, and node:http. The four-letter-word client needs only
// node:net. The embedded packages (fastify, prom-client) are compiled by vm.runInThisContext under a
// filename that names them (.config/build.ts); the preload records those names too, as `compiled
// <package>`, since the part of prom-client the bundle embeds requires no builtin of its own (node:util
// is loaded by node itself). It writes the list at exit; `serve` (fastify) and `metrics` (prom-client)
// show that each marker does appear when the library is loaded. Commander requires node:child_process
// at its top, and a plain exec-verb invocation runs without it (agents/core/direct-verb.ts); `ok --help`,
// which commander answers, shows the marker.
describe('what the exec verbs load', () => {
  function preload(): string {
    const path = join(tmp.path, 'record-builtins.cjs');
    writeFileSync(path, recordLoadedModules);
    return path;
  }

  let count = 0;
  async function builtinsLoadedBy(args: readonly string[], port: number): Promise<Set<string>> {
    const record = join(tmp.path, `builtins-${++count}`);
    const run = await runAgentAsync('zk-agent', args, {
      env: { ZK_REPLICAS: '3', ZK_CLIENT_PORT: String(port), RECORD_BUILTINS_TO: record },
      nodeArgs: ['--require', preload()],
    });
    expect(run.status, run.stderr).toBe(0);
    return new Set(readFileSync(record, 'utf8').split('\n'));
  }

  it.each(['ok', 'ok --ready', 'status --hostname zk-0', 'metrics --raw'])(
    '%s loads neither fastify nor prom-client (none compiled, no node:http, no node:http2), pino (no worker_threads), commander (no child_process) nor, for a plaintext pod, the TLS code (no node:tls, no node:crypto)',
    async (command) => {
      const loaded = await builtinsLoadedBy(command.split(' '), (await zookeeper(LEADER)).port);
      expect(loaded.has('net'), 'the recording works: the 4lw client loaded node:net').toBe(true);
      expect(loaded.has('compiled fastify'), 'fastify was loaded').toBe(false);
      expect(loaded.has('compiled prom-client'), 'prom-client was loaded').toBe(false);
      expect(loaded.has('http2'), 'fastify was loaded').toBe(false);
      expect(loaded.has('http'), 'fastify or prom-client was loaded').toBe(false);
      // pino's transport support (thread-stream) loads worker_threads; these verbs never log.
      expect(loaded.has('worker_threads'), 'pino was loaded').toBe(false);
      expect(loaded.has('child_process'), 'commander was loaded').toBe(false);
      expect(loaded.has('tls'), 'node:tls was loaded without AGENT_TLS_DIR').toBe(false);
      expect(loaded.has('crypto'), 'the TLS checks were loaded without AGENT_TLS_DIR').toBe(false);
    },
  );

  it('ok --help is answered by commander (node:child_process: the marker the check above relies on)', async () => {
    const loaded = await builtinsLoadedBy(['ok', '--help'], (await zookeeper(LEADER)).port);
    expect(loaded.has('child_process')).toBe(true);
  });

  // prom-client's index requires node:http, https, zlib and v8 at its top (its Pushgateway and default
  // metrics); the bundle embeds only its Registry, Gauge and Histogram (.config/build.ts), so `metrics`
  // loads none of them: any one of them here means the whole index is back.
  it('metrics loads the part of prom-client the agents use (not its index) and not fastify', async () => {
    const loaded = await builtinsLoadedBy(['metrics'], (await zookeeper(LEADER)).port);
    expect(loaded.has('compiled prom-client'), 'prom-client was compiled').toBe(true);
    for (const builtin of ['http', 'https', 'zlib', 'v8', 'cluster']) {
      expect(loaded.has(builtin), `node:${builtin}: prom-client's index was loaded`).toBe(false);
    }
    expect(loaded.has('compiled fastify'), 'fastify was loaded').toBe(false);
    expect(loaded.has('http2'), 'fastify was loaded').toBe(false);
    expect(loaded.has('dns'), 'fastify was loaded').toBe(false);
  });

  it('serve loads fastify (the marker the checks above rely on) and exits 0 on SIGTERM', async () => {
    const port = (await zookeeper(LEADER)).port;
    const record = join(tmp.path, 'builtins-serve');
    const child = spawn(
      process.execPath,
      ['--require', preload(), bundlePath('zk-agent'), 'serve', '--hostname', 'zk-0'],
      {
        env: {
          PATH: process.env.PATH,
          ZK_REPLICAS: '3',
          ZK_CLIENT_PORT: String(port),
          AGENT_HOST: '127.0.0.1',
          AGENT_PORT: String(await freePort()),
          RECORD_BUILTINS_TO: record,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      const address = await new Promise<string>((found, failed) => {
        let log = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          log += chunk;
          const match = /"address":"(http:[^"]+)"/.exec(log);
          if (match) found(match[1]!);
        });
        void exited.then(() => failed(new Error(`serve exited before listening:\n${log}`)));
      });
      expect((await fetch(`${address}/readyz`)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    const loaded = new Set(readFileSync(record, 'utf8').split('\n'));
    expect(loaded.has('compiled fastify')).toBe(true);
    expect(loaded.has('http2')).toBe(true);
    expect(loaded.has('http')).toBe(true);
  });
});
