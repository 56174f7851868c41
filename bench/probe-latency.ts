// Probe latency: an agent's /readyz next to a bare node:http server in its own process asking the same
// server the same readiness question (bench/lib/bare-probe-server.ts), both probed as the kubelet probes:
// one GET at a time, each on a fresh connection, alternating between the two in one run so machine noise
// hits them alike. The agent reuses an answer for up to 1 s (one in ~20 of these probes asks the server
// anew; a kubelet probing every 10 s gets a fresh one every time); the bare server asks every time.
import { startBareProbeServer } from './lib/bare-server.ts';
import { getOnce } from './lib/http.ts';
import { percentile, sleep } from './lib/proc.ts';
import { fmt, ratio, type Row } from './lib/table.ts';

const GAP_MS = 20;

export async function benchProbeLatency(
  agent: 'zk-agent' | 'kafka-agent',
  agentPort: number,
  bareArgs: readonly (string | number)[],
  rounds = 300,
): Promise<Row[]> {
  const bare = await startBareProbeServer(bareArgs);
  const mine: number[] = [];
  const theirs: number[] = [];
  try {
    const probe = async (port: number, into: number[] | undefined) => {
      const started = performance.now();
      const reply = await getOnce(port, '/readyz');
      if (reply.status !== 200)
        throw new Error(`/readyz on :${port} answered ${reply.status}: ${reply.body}`);
      into?.push(performance.now() - started);
    };
    // Warm-up (JIT, the bare server's first connection) not counted.
    for (let i = 0; i < 20; i++)
      await Promise.all([probe(agentPort, undefined), probe(bare.port, undefined)]);
    for (let i = 0; i < rounds; i++) {
      await probe(agentPort, mine);
      await probe(bare.port, theirs);
      await sleep(GAP_MS);
    }
  } finally {
    bare.stop();
  }
  return [50, 99].map((p) => {
    const a = percentile(mine, p);
    const b = percentile(theirs, p);
    return {
      name: `${agent} /readyz p${p}, one probe at a time, fresh connections (${rounds} probes)`,
      value: fmt(a, 'ms', 2),
      baseline: `bare node:http asking the same: ${fmt(b, 'ms', 2)}`,
      ratio: ratio(a, b),
      goal: '≤ 1.20x',
      met: a / b <= 1.2,
    };
  });
}
