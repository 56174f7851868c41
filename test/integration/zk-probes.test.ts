// The agent's HTTP probes and metrics as Kubernetes and Prometheus see them, against a real three-pod
// ZooKeeper 3.9.5 ensemble started through `zk-agent run`: ready once in quorum; not ready (but alive)
// when the quorum is lost; a hung server fails both probes within the check deadline while /metrics
// still answers; a crashed leader is replaced; a real Prometheus scrapes all three. And `run` turns
// /readyz 503 before its server stops.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentGet, type AgentResponse } from '../../tools/harness/agent-http.ts';
import {
  agentLogEvents,
  processAlive,
  startAgent,
  stopGroup,
  waitForExit,
} from '../../tools/harness/agent-process.ts';
import { Ensemble } from '../../tools/harness/ensemble.ts';
import { zookeeperLibDir } from '../../tools/harness/fetch-zookeeper.ts';
import { pollUntil } from '../../tools/harness/poll.ts';
import { freePort } from '../../tools/harness/ports.ts';
import { startPrometheus, type Prometheus } from '../../tools/harness/prometheus.ts';
import { removeScratchDir, scratchDir } from '../../tools/harness/scratch.ts';

/** AGENT_CHECK_TIMEOUT's default: every check's deadline. */
const CHECK_TIMEOUT_MS = 1000;
/** How old a shared four-letter-word answer may be when a probe reuses it (createAsk's default). */
const REUSE_MS = 1000;
/** The kubelet's default periodSeconds: a change must show within one probe. */
const PROBE_PERIOD_MS = 10_000;

describe('zk-agent run drains before its server stops', () => {
  // The server: answers ruok and srvr (standalone, as ZK_REPLICAS=1 wants) on ZK_CLIENT_PORT, and on
  // SIGTERM keeps serving for a second before it exits 7 — a server slow to stop, as a JVM flushing can be.
  const SLOW_SERVER = `
    const net = require('node:net');
    const replies = { ruok: 'imok', srvr: 'Zookeeper version: scripted\\nMode: standalone\\n' };
    net.createServer((socket) => socket.once('data', (word) => socket.end(replies[word] ?? '')))
      .listen(Number(process.env.ZK_CLIENT_PORT), '127.0.0.1');
    process.on('SIGTERM', () => setTimeout(() => process.exit(7), 1000));
  `;
  let dir: string;
  beforeAll(() => {
    dir = scratchDir('zk-probes-drain');
  });
  afterAll(() => removeScratchDir(dir));

  it("SIGTERM turns /readyz 503 while the server still runs; the agent exits with the server's status", async () => {
    mkdirSync(join(dir, 'data'));
    const agentPort = await freePort();
    const env = {
      PATH: process.env.PATH,
      ZK_REPLICAS: '1',
      ZK_DATA_DIR: join(dir, 'data'),
      ZK_DATA_LOG_DIR: join(dir, 'log'),
      ZK_CLIENT_PORT: String(await freePort()),
      AGENT_HOST: '127.0.0.1',
      AGENT_PORT: String(agentPort),
    };
    const logFile = join(dir, 'agent.log');
    const args = ['run', '--hostname', 'zk-0', '--conf-dir', join(dir, 'conf')];
    const agent = startAgent([...args, '--', process.execPath, '-e', SLOW_SERVER], env, logFile);
    try {
      await pollUntil(
        '/readyz 200 from the scripted server',
        async () => {
          const response = await agentGet(agentPort, '/readyz');
          return response.status === 200 ? response : undefined;
        },
        { timeoutMs: 15_000 },
      );
      const serverPid = agentLogEvents(logFile).find((event) => event.msg === 'server started')
        ?.pid as number;
      expect(serverPid).toBeTypeOf('number');

      process.kill(agent.pid, 'SIGTERM');
      // As fast as the loop goes: the first 503 must come while the server (which takes 1 s) still runs.
      const draining = await pollUntil(
        '/readyz 503 after SIGTERM',
        async () => {
          const response = await agentGet(agentPort, '/readyz');
          return response.status === 503 ? { response, serverAlive: processAlive(serverPid) } : undefined;
        },
        { timeoutMs: 900, intervalMs: 5 },
      );
      expect(draining.serverAlive, 'the server was still running when /readyz said 503').toBe(true);
      expect(draining.response.json()).toEqual({
        ok: false,
        reason: 'draining: the agent received a stop signal',
      });
      // Liveness is the server's, which still answers: a kubelet must not restart a pod that is stopping.
      expect((await agentGet(agentPort, '/livez')).status).toBe(200);

      expect(await waitForExit(agent, 10_000)).toEqual({ code: 7, signal: null });
      expect(processAlive(serverPid)).toBe(false);
    } finally {
      await stopGroup(agent, 2000);
    }
  });
});

describe('ZooKeeper 3.9.5 in three pods: probes and metrics through zk-agent run', () => {
  let ensemble: Ensemble | undefined;
  let prometheus: Prometheus | undefined;
  const all = [0, 1, 2];

  beforeAll(async () => {
    ensemble = await Ensemble.start({ libDir: zookeeperLibDir(), label: 'zk-probes' });
    const dir = join(ensemble.dir, 'prometheus');
    mkdirSync(dir);
    // Started with the ensemble: it scrapes while the JVMs start, so its samples are there when asked.
    prometheus = await startPrometheus({
      dir,
      targets: ensemble.pods.map((pod) => `127.0.0.1:${pod.agentPort}`),
    });
  });
  afterAll(async () => {
    await prometheus?.stop();
    await ensemble?.teardown();
  });

  const zk = () => ensemble!;
  const get = (index: number, path: string) => agentGet(zk().pods[index]!.agentPort, path);
  const others = (...indices: number[]) => all.filter((index) => !indices.includes(index));

  /**
   * Polls /readyz of the given pods until all answer 200 and their bodies' modes are `modes` (in any
   * order): right after a change a probe may reuse an answer up to REUSE_MS old, e.g. "follower" of a
   * leader that just died. Returns each pod's /readyz mode.
   */
  async function waitUntilReady(indices: readonly number[], modes: readonly string[], timeoutMs: number) {
    let last: string[] = [];
    const expected = JSON.stringify([...modes].sort());
    const responses = await pollUntil(
      `/readyz 200 as ${expected} on ${indices.map((i) => zk().pods[i]!.hostname).join(', ')}`,
      async () => {
        const exited = indices.filter((i) => zk().pods[i]!.agent?.exit);
        if (exited.length) throw new Error(`agent exited: ${exited.map((i) => zk().pods[i]!.hostname)}`);
        const rs = await Promise.all(indices.map((i) => get(i, '/readyz')));
        last = rs.map((r, n) => `${zk().pods[indices[n]!]!.hostname} ${r.status} ${r.body}`);
        const seen = JSON.stringify(rs.map((r) => String(r.json().details?.mode)).sort());
        return rs.every((r) => r.status === 200) && seen === expected ? rs : undefined;
      },
      { timeoutMs, intervalMs: 250, describe: () => last.join('; ') },
    );
    return responses.map((r) => String(r.json().details?.mode));
  }

  it('every pod is alive and ready once the quorum forms, and /readyz names its mode', async () => {
    const modes = await waitUntilReady(all, ['follower', 'follower', 'leader'], 120_000);
    // The agent's view is the server's own (srvr, read by the harness independently).
    expect(Object.values(await zk().modes(all))).toEqual(modes);
    for (const index of all) {
      const livez = await get(index, '/livez');
      expect(livez.status).toBe(200);
      expect(livez.json()).toEqual({ ok: true, reason: 'ZooKeeper answered ruok with imok' });
    }
  }, 130_000);

  it('a real Prometheus scrapes all three agents: up 1 and a server state for each', async () => {
    const targets = zk()
      .pods.map((pod) => `127.0.0.1:${pod.agentPort}`)
      .sort();
    let seen = '';
    await pollUntil(
      'up=1, zookeeper_up=1 and one zookeeper_server_state per target, one leader',
      async () => {
        const [up, zkUp, states, leaders] = await Promise.all([
          prometheus!.query('up{job="zk-agent"}'),
          prometheus!.query('zookeeper_up'),
          prometheus!.query('sum by (instance) (zookeeper_server_state)'),
          prometheus!.query('sum(zookeeper_server_state{state="leader"})'),
        ]);
        seen = JSON.stringify({ up, zkUp, states, leaders });
        const instances = (samples: typeof up) => samples.map((s) => s.metric.instance).sort();
        const allOne = (samples: typeof up) =>
          JSON.stringify(instances(samples)) === JSON.stringify(targets) &&
          samples.every((s) => s.value === 1);
        return allOne(up) && allOne(zkUp) && allOne(states) && leaders[0]?.value === 1 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, describe: () => seen },
    );
  }, 40_000);

  it('a hung server (SIGSTOP) fails /livez and /readyz within the deadline; /metrics still answers', async () => {
    const modes = await zk().modes(all);
    const index = zk().pods.findIndex((pod) => modes[pod.hostname] === 'follower');
    const pid = await zk().signalServer(index, 'SIGSTOP');
    try {
      const stoppedAt = performance.now();
      const failed = (path: string) =>
        pollUntil(
          `${path} 503 on the stopped server`,
          async () => {
            const response = await get(index, path);
            return response.status === 503 ? { response, after: performance.now() - stoppedAt } : undefined;
          },
          { timeoutMs: CHECK_TIMEOUT_MS + REUSE_MS + 3000 },
        );
      const [livez, readyz] = await Promise.all([failed('/livez'), failed('/readyz')]);
      for (const [probe, word] of [
        [livez, 'ruok'],
        [readyz, 'srvr'],
      ] as const) {
        // The probe fails fast: it never waits for the server longer than the deadline...
        expect(probe.response.elapsedMs).toBeLessThan(CHECK_TIMEOUT_MS + 1500);
        // ...and the failure shows at most one reused answer later.
        expect(probe.after).toBeLessThan(CHECK_TIMEOUT_MS + REUSE_MS + 2000);
        expect(probe.response.json()).toMatchObject({ ok: false, details: { word, failure: 'timeout' } });
        expect(probe.response.json().reason).toContain(`within ${CHECK_TIMEOUT_MS} ms`);
      }
      const metrics = await pollUntil(
        '/metrics with zookeeper_up 0',
        async () => {
          const response = await get(index, '/metrics');
          return /^zookeeper_up 0$/m.test(response.body) ? response : undefined;
        },
        { timeoutMs: CHECK_TIMEOUT_MS + REUSE_MS + 3000 },
      );
      expect(metrics.status).toBe(200);
      expect(metrics.elapsedMs).toBeLessThan(CHECK_TIMEOUT_MS + 1500);
      expect(metrics.body).toContain('zk_agent_collector_success{collector="mntr"} 0');
      expect(processAlive(pid), 'the server is stopped, not gone').toBe(true);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // Resumed well within syncLimit (5 ticks = 10 s): it goes on as before.
    await waitUntilReady(all, ['follower', 'follower', 'leader'], 60_000);
  }, 80_000);

  it('a crashed leader (SIGKILL to its JVM): its agent exits 137, the others elect a new leader and are ready', async () => {
    const modes = await zk().modes(all);
    const leader = zk().pods.findIndex((pod) => modes[pod.hostname] === 'leader');
    expect(leader).toBeGreaterThanOrEqual(0);
    const agent = zk().pods[leader]!.agent!;
    await zk().signalServer(leader, 'SIGKILL');
    expect(await waitForExit(agent, 10_000)).toEqual({ code: 137, signal: null });

    const survivors = others(leader);
    await waitUntilReady(survivors, ['follower', 'leader'], 60_000);
    expect(Object.values(await zk().modes(survivors)).sort()).toEqual(['follower', 'leader']);

    zk().restartPod(leader);
    await waitUntilReady(all, ['follower', 'follower', 'leader'], 90_000);
  }, 170_000);

  it('the last pod of three is alive but not ready within one probe period; ready again when the others return', async () => {
    const modes = await zk().modes(all);
    // The leader survives: the harder case, it must notice that it lost its followers.
    const survivor = zk().pods.findIndex((pod) => modes[pod.hostname] === 'leader');
    const stopped = others(survivor);
    const stoppedAt = performance.now();
    const stops = Promise.all(stopped.map((index) => zk().stopPod(index, 'SIGTERM')));

    const livezSeen: AgentResponse[] = [];
    const readyz = await pollUntil(
      '/readyz 503 on the last pod',
      async () => {
        const [livez, response] = await Promise.all([get(survivor, '/livez'), get(survivor, '/readyz')]);
        livezSeen.push(livez);
        return response.status === 503 ? response : undefined;
      },
      { timeoutMs: PROBE_PERIOD_MS, intervalMs: 200 },
    );
    expect(performance.now() - stoppedAt).toBeLessThan(PROBE_PERIOD_MS);
    expect(readyz.json()).toMatchObject({ ok: false, details: { word: 'srvr', failure: 'not-serving' } });
    expect(readyz.json().reason).toContain('not serving requests (not in a quorum');
    for (const result of await stops) expect(result.code).toBe(143);

    // Without quorum ZooKeeper still says imok: restarting it would not help, so liveness holds — also at
    // the instant it leaves the leader role and closes every client connection (Leader.shutdown →
    // closeAllConnections): a ruok in flight then reads nothing, which liveness counts as alive.
    const livez = await pollUntil(
      '/livez 200 on the last pod',
      async () => {
        const response = await get(survivor, '/livez');
        livezSeen.push(response);
        return response.status === 200 ? response : undefined;
      },
      { timeoutMs: REUSE_MS + 2000, intervalMs: 200 },
    );
    expect(livez.json()).toEqual({ ok: true, reason: 'ZooKeeper answered ruok with imok' });
    expect(livezSeen.filter((r) => r.status !== 200).map((r) => r.body)).toEqual([]);
    expect((await get(survivor, '/')).json()).toMatchObject({ mode: 'not-serving', serving: false });

    for (const index of stopped) zk().restartPod(index);
    await waitUntilReady(all, ['follower', 'follower', 'leader'], 90_000);
  }, 120_000);
});
