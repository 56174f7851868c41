// zk-agent's HTTP endpoints (what `run` and `serve` listen with) in process, through fastify's inject,
// against a scripted ZooKeeper on a real TCP port that answers as recorded servers do: the whole path
// from a probe to the four-letter word and back, without a JVM.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealthServer, type HealthServer } from '../../agents/core/http-server.ts';
import { loadZkSettings } from '../../agents/zk/load.ts';
import type { ZkServerEntry } from '../../agents/zk/config.ts';
import { createZkEndpoints } from '../../agents/zk/runtime.ts';
import { promtoolCheckMetrics } from '../helpers/golden.ts';
import { scriptedZk, type ScriptedServer } from '../helpers/scripted-zk.ts';

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/zk', name), 'utf8');

/** Recorded replies of a 3.9.5 server in each state, by four-letter word. */
const SERVERS = {
  leader: { ruok: 'imok', srvr: fixture('3.9.5-leader.srvr'), mntr: fixture('3.9.5-leader.mntr') },
  follower: { ruok: 'imok', srvr: fixture('3.9.5-follower.srvr'), mntr: fixture('3.9.5-follower.mntr') },
  looking: {
    ruok: fixture('3.9.5-looking.ruok'),
    srvr: fixture('3.9.5-looking.srvr'),
    mntr: fixture('3.9.5-looking.mntr'),
  },
} satisfies Record<string, Record<string, string>>;

const whitelisted = (word: string) => `${word} is not executed because it is not in the whitelist.\n`;

let zk: ScriptedServer | undefined;
let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  await zk?.close();
  server = undefined;
  zk = undefined;
});

/** The agent's endpoints for pod zk-0 of a 3-server ensemble, talking to a scripted ZooKeeper. */
async function agentFor(
  replies: Record<string, string>,
  env: Record<string, string> = {},
  servers: readonly ZkServerEntry[] = [],
) {
  zk = await scriptedZk((word, socket) => socket.end(replies[word] ?? ''));
  return agentOnPort(zk.port, env, servers);
}

function agentOnPort(port: number, env: Record<string, string> = {}, servers: readonly ZkServerEntry[] = []) {
  const settings = loadZkSettings({ ZK_REPLICAS: '3', ZK_CLIENT_PORT: String(port), ...env });
  const logger = pino({ level: 'silent' });
  server = createHealthServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    ...createZkEndpoints(settings, { hostname: 'zk-0', myid: 1, replicas: 3 }, servers, logger),
  });
  const app = server.app;
  return {
    get: (url: string) => app.inject({ method: 'GET', url }),
  };
}

describe('a leader', () => {
  it('is alive and ready, and says it leads', async () => {
    const agent = await agentFor(SERVERS.leader);
    const livez = await agent.get('/livez');
    expect(livez.statusCode).toBe(200);
    expect(livez.json()).toEqual({ ok: true, reason: 'ZooKeeper answered ruok with imok' });
    const readyz = await agent.get('/readyz');
    expect(readyz.statusCode).toBe(200);
    expect(readyz.json()).toEqual({
      ok: true,
      reason: 'ZooKeeper serves as leader of a quorum',
      details: { mode: 'leader', replicas: 3 },
    });
  });

  it('/metrics has its state, mntr values and the agent series, and passes promtool', async () => {
    const agent = await agentFor(SERVERS.leader);
    const response = await agent.get('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = response.body;
    expect(text).toContain('zookeeper_server_state{state="leader"} 1');
    expect(text).toContain('zookeeper_server_state{state="follower"} 0');
    expect(text).toMatch(/^zookeeper_znodes 5$/m);
    expect(text).toMatch(/^zookeeper_up 1$/m);
    expect(text).toContain('zk_agent_collector_success{collector="mntr"} 1');
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });

  it('/ lists the peers it should see with their modes, asked on their own addresses', async () => {
    const agent = await agentFor(SERVERS.leader);
    // A follower on another loopback address at the same client port, as peers are in a StatefulSet.
    const peer = createServer((socket) => socket.once('data', () => socket.end(SERVERS.follower.srvr)));
    await new Promise<void>((done) => peer.listen(zk!.port, '127.0.0.2', done));
    try {
      const servers = [
        { id: 1, host: 'zk-0.zk-hs' },
        { id: 2, host: '127.0.0.2' },
        { id: 3, host: '127.0.0.3' }, // nothing there
      ];
      const withPeers = agentOnPort(zk!.port, {}, servers);
      const status = (await withPeers.get('/')).json() as { ensemble: unknown };
      expect(status.ensemble).toEqual([
        { host: 'zk-0.zk-hs', myid: 1, mode: 'leader', self: true },
        { host: '127.0.0.2', myid: 2, mode: 'follower', self: false },
        { host: '127.0.0.3', myid: 3, mode: 'unreachable (refused)', self: false },
      ]);
      expect((await agent.get('/')).json(), 'no server list, no ensemble').not.toHaveProperty('ensemble');
    } finally {
      await new Promise((done) => peer.close(done));
    }
  });

  it('/ names the pod, its mode and its learners', async () => {
    const agent = await agentFor(SERVERS.leader);
    const response = await agent.get('/');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      hostname: 'zk-0',
      myid: 1,
      replicas: 3,
      mode: 'leader',
      serving: true,
      version: '3.9.5-293c895a8d966a3ecb92872be4a1daf87d725da2',
      zxid: '0x100000000',
      znodes: 5,
      learners: 2,
      syncedFollowers: 2,
      draining: false,
    });
  });

  it('times each probe into zk_agent_check_duration_seconds', async () => {
    const agent = await agentFor(SERVERS.leader);
    await agent.get('/readyz');
    await agent.get('/livez');
    const text = (await agent.get('/metrics')).body;
    expect(text).toContain('zk_agent_check_duration_seconds_count{check="readiness"} 1');
    expect(text).toContain('zk_agent_check_duration_seconds_count{check="liveness"} 1');
  });
});

describe('a follower', () => {
  it('is ready and / shows no learners (only a leader has them)', async () => {
    const agent = await agentFor(SERVERS.follower);
    const readyz = await agent.get('/readyz');
    expect(readyz.statusCode).toBe(200);
    expect(readyz.json()).toMatchObject({ ok: true, details: { mode: 'follower' } });
    const status = (await agent.get('/')).json() as Record<string, unknown>;
    expect(status).toMatchObject({ mode: 'follower', serving: true });
    expect(status).not.toHaveProperty('learners');
    expect((await agent.get('/metrics')).body).toContain('zookeeper_server_state{state="follower"} 1');
  });
});

describe('a server out of quorum (LOOKING: not serving requests)', () => {
  it('is alive (ruok says imok) but not ready, and the body says why', async () => {
    const agent = await agentFor(SERVERS.looking);
    expect((await agent.get('/livez')).statusCode).toBe(200);
    const readyz = await agent.get('/readyz');
    expect(readyz.statusCode).toBe(503);
    expect(readyz.json()).toMatchObject({
      ok: false,
      details: { word: 'srvr', failure: 'not-serving' },
    });
    expect(readyz.json<{ reason: string }>().reason).toContain('is not serving requests (not in a quorum');
  });

  it('/metrics still answers: zookeeper_up 1, collector_success 0, no server state', async () => {
    const agent = await agentFor(SERVERS.looking);
    const response = await agent.get('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/^zookeeper_up 1$/m);
    expect(response.body).toContain('zk_agent_collector_success{collector="mntr"} 0');
    expect(response.body).not.toContain('zookeeper_server_state');
    expect(promtoolCheckMetrics(response.body)).toEqual({ status: 0, output: '' });
  });

  it('/ says it is not serving', async () => {
    const agent = await agentFor(SERVERS.looking);
    expect((await agent.get('/')).json()).toMatchObject({
      mode: 'not-serving',
      serving: false,
      draining: false,
    });
  });

  it('a standalone server when ZK_REPLICAS=3 is not ready, and the body names the cause', async () => {
    const agent = await agentFor({ ruok: 'imok', srvr: fixture('3.9.5-standalone.srvr') });
    const readyz = await agent.get('/readyz');
    expect(readyz.statusCode).toBe(503);
    expect(readyz.json<{ reason: string }>().reason).toContain('ZK_REPLICAS=3 expects an ensemble');
  });
});

describe('a server whose 4lw whitelist lacks the words the agent needs', () => {
  it('/readyz answers 503 with how to fix the whitelist', async () => {
    const agent = await agentFor({ ruok: 'imok', srvr: whitelisted('srvr'), mntr: whitelisted('mntr') });
    const readyz = await agent.get('/readyz');
    expect(readyz.statusCode).toBe(503);
    expect(readyz.json()).toMatchObject({ ok: false, details: { word: 'srvr', failure: 'not-whitelisted' } });
    expect(readyz.json<{ reason: string }>().reason).toContain(
      'add srvr to ZK_4LW_WHITELIST (e.g. ZK_4LW_WHITELIST=ruok,mntr,srvr)',
    );
  });

  it('/livez answers 503 when ruok itself is blocked', async () => {
    const agent = await agentFor({ ruok: whitelisted('ruok') });
    const livez = await agent.get('/livez');
    expect(livez.statusCode).toBe(503);
    expect(livez.json<{ reason: string }>().reason).toContain('add ruok to ZK_4LW_WHITELIST');
  });

  it('/metrics counts the server as up but the collector as failed', async () => {
    const agent = await agentFor({ ruok: 'imok', srvr: SERVERS.leader.srvr, mntr: whitelisted('mntr') });
    const text = (await agent.get('/metrics')).body;
    expect(text).toMatch(/^zookeeper_up 1$/m);
    expect(text).toContain('zk_agent_collector_success{collector="mntr"} 0');
  });
});

describe('a hung server (accepts connections, never answers)', () => {
  const deadline = 300;

  /** GETs from an agent whose server never answers, each timed: none may wait much past the deadline. */
  async function hungAgent() {
    zk = await scriptedZk(() => {});
    const agent = agentOnPort(zk.port, { AGENT_CHECK_TIMEOUT: String(deadline) });
    return async (url: string) => {
      const started = performance.now();
      const response = await agent.get(url);
      const elapsed = performance.now() - started;
      expect(elapsed, `${url} answered within the deadline`).toBeLessThan(deadline + 1500);
      return { response, elapsed };
    };
  }

  it('fails /livez and /readyz with 503 within the deadline (AGENT_CHECK_TIMEOUT), saying so', async () => {
    const get = await hungAgent();
    const [livez, readyz] = await Promise.all([get('/livez'), get('/readyz')]);
    expect(livez.elapsed, 'it waited for the deadline').toBeGreaterThanOrEqual(deadline - 10);
    expect([livez.response.statusCode, readyz.response.statusCode]).toEqual([503, 503]);
    expect(livez.response.json()).toMatchObject({ details: { word: 'ruok', failure: 'timeout' } });
    const reason = readyz.response.json<{ reason: string }>().reason;
    expect(reason).toContain(`"srvr" reply from ZooKeeper`);
    expect(reason).toContain(`within ${deadline} ms`);
  });

  it('/metrics still answers within the deadline, with zookeeper_up 0', async () => {
    const { response } = await (await hungAgent())('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/^zookeeper_up 0$/m);
    expect(response.body).toContain('zk_agent_collector_success{collector="mntr"} 0');
  });

  it('/ answers within the deadline with the timeout as the mode', async () => {
    const { response } = await (await hungAgent())('/');
    expect(response.json()).toMatchObject({ mode: 'timeout', serving: false });
  });
});

describe('a server that is down (connection refused)', () => {
  it('fails both probes at once with "is it running?"', async () => {
    const closed = await scriptedZk(() => {});
    await closed.close(); // a port nobody listens on any more
    const agent = agentOnPort(closed.port);
    const [livez, readyz] = await Promise.all([agent.get('/livez'), agent.get('/readyz')]);
    expect([livez.statusCode, readyz.statusCode]).toEqual([503, 503]);
    expect(livez.json()).toMatchObject({ details: { failure: 'refused' } });
    expect(readyz.json<{ reason: string }>().reason).toContain('refused: is it running?');
    expect((await agent.get('/metrics')).body).toMatch(/^zookeeper_up 0$/m);
  });
});

describe('a probe storm', () => {
  it('100 concurrent probes and scrapes cost ZooKeeper one connection per word', async () => {
    const replies: Record<string, string> = SERVERS.leader;
    zk = await scriptedZk((word, socket) => setTimeout(() => socket.end(replies[word] ?? ''), 50));
    const agent = agentOnPort(zk.port);
    const paths = ['/livez', '/readyz', '/metrics', '/'];
    const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => agent.get(paths[i % 4]!)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(100).fill(200));
    expect(zk.connections, 'ruok, srvr and mntr once each').toBe(3);
  });
});
