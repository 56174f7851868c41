// What an HTTP probe costs the resident agent, next to the classic exec probe it replaces
// (`sh -c 'echo ruok | nc 127.0.0.1 PORT'`, every process it spawns counted). And how many connections
// ZooKeeper sees when 100 scrapes and probes arrive at once (they should share one request per word).
import { spawnSync } from 'node:child_process';
import { parseMntr } from '../agents/zk/collectors/mntr.ts';
import { fourLetterWord } from '../agents/zk/four-letter-word.ts';
import { getOnce } from './lib/http.ts';
import { median } from './lib/measure.ts';
import { cpuMsOf, sleep } from './lib/proc.ts';
import { fmt, ratio, type Row } from './lib/table.ts';
import type { BenchServer } from './lib/zookeeper.ts';

// The agent reuses a settled answer for up to 1 s (agents/core/single-flight.ts); the kubelet probes
// every few seconds, so each round waits past that window and every probe costs a real ZooKeeper request.
const CACHE_WINDOW_MS = 1000;
const EXEC_PER_ROUND = 10;

/** CPU of `count` classic exec probes: bash's `times` reports its waited-for children (sh, echo, nc). */
function execProbesCpuMs(port: number, count: number): number {
  const script = `for ((i = 0; i < ${count}; i++)); do sh -c 'echo ruok | nc 127.0.0.1 ${port}' >/dev/null; done; times`;
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  const children = result.stdout.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (result.status !== 0 || seconds.length !== 2)
    throw new Error(`exec probe loop failed (is netcat-openbsd installed?): ${result.stderr}`);
  return (seconds[0]! + seconds[1]!) * 1000;
}

export async function benchProbeCpu(server: BenchServer, rounds = 20): Promise<Row[]> {
  const { agentPid, pod } = server;
  if (execProbesCpuMs(pod.clientPort, 1) < 0) return []; // fails early, with its message, if nc is missing
  const agentMs: number[] = [];
  const execMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const before = cpuMsOf(agentPid);
    const live = await getOnce(pod.agentPort, '/livez');
    const ready = await getOnce(pod.agentPort, '/readyz');
    agentMs.push((cpuMsOf(agentPid) - before) / 2);
    if (live.status !== 200 || ready.status !== 200)
      throw new Error(`probes failed: /livez ${live.status} /readyz ${ready.status}`);
    // bash's `times` prints each of user and sys to the millisecond: 10 probes a round keep that
    // rounding within ±0.1 ms a probe (with 2 it was ±0.5 ms, and every median came out 2.50 ms).
    execMs.push(execProbesCpuMs(pod.clientPort, EXEC_PER_ROUND) / EXEC_PER_ROUND);
    await sleep(Math.max(0, CACHE_WINDOW_MS + 100 - (performance.now() - started)));
  }
  const agent = median(agentMs);
  const exec = median(execMs);
  return [
    {
      name: `HTTP probe: agent CPU per /livez or /readyz (median of ${rounds} rounds)`,
      value: fmt(agent, 'ms', 3),
      baseline: `exec probe (sh, echo ruok, nc): ${fmt(exec, 'ms', 2)}`,
      ratio: ratio(agent, exec),
      goal: '≤ 0.05x (1/20)',
      met: agent / exec <= 0.05,
    },
  ];
}

/** Packets ZooKeeper has received: each four-letter-word connection sends exactly one. */
async function packetsReceived(port: number): Promise<number> {
  const reply = await fourLetterWord('mntr', { port, timeoutMs: 5000 });
  const value = reply.ok ? parseMntr(reply.text).get('zk_packets_received')?.value : undefined;
  if (value === undefined) throw new Error('mntr has no zk_packets_received');
  return value;
}

/**
 * Connections ZooKeeper sees for a burst, by its own count (zk_packets_received; the mntr that reads the
 * count after the burst is one more, subtracted). Waits past the cache window first, so the burst cannot
 * ride on an answer from before.
 */
async function connectionsFor(server: BenchServer, paths: readonly string[]): Promise<number> {
  await sleep(CACHE_WINDOW_MS + 200);
  const before = await packetsReceived(server.pod.clientPort);
  const replies = await Promise.all(paths.map((path) => getOnce(server.pod.agentPort, path)));
  const failed = replies.filter((reply) => reply.status !== 200).length;
  if (failed > 0) throw new Error(`${failed} of ${paths.length} requests failed`);
  return (await packetsReceived(server.pod.clientPort)) - before - 1;
}

export async function benchConnections(server: BenchServer): Promise<Row[]> {
  const scrapes = Array.from({ length: 100 }, () => '/metrics');
  const mixed = [...scrapes, ...scrapes.map(() => '/livez'), ...scrapes.map(() => '/readyz')];
  const scrapeOnly = await connectionsFor(server, scrapes);
  const withProbes = await connectionsFor(server, mixed);
  return [
    {
      name: 'ZooKeeper connections for 100 concurrent /metrics',
      value: String(scrapeOnly),
      baseline: 'without sharing: 100',
      ratio: ratio(scrapeOnly, 100),
      goal: '≤ 2',
      met: scrapeOnly <= 2,
    },
    {
      name: 'ZooKeeper connections for 100 each of /metrics, /livez, /readyz at once',
      value: String(withProbes),
      baseline: 'without sharing: 300',
      ratio: ratio(withProbes, 300),
      goal: '≤ 2 (one per word: 3)',
      met: withProbes <= 2,
    },
  ];
}
