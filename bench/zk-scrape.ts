// P6: /metrics latency when 50 scrapers arrive at once, next to ZooKeeper's own Prometheus provider
// scraped the same way (same client, same keep-alive connections), in alternating rounds of one run.
// A round is a burst of 50 concurrent scrapes, then a pause: Prometheus servers scrape on an interval,
// so this is their worst moment, not a saturating closed loop (which measures the client as much).
import http from 'node:http';
import { percentile, sleep } from './lib/proc.ts';
import { fmt, ratio, type Row } from './lib/table.ts';
import type { BenchServer } from './lib/zookeeper.ts';

const SCRAPERS = 50;
// The agent reuses a mntr reply for up to 1 s; with bursts every ~250 ms one in four asks ZooKeeper anew.
const PAUSE_MS = 200;

function scrape(agent: http.Agent, port: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/metrics', agent }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(performance.now() - started)
          : reject(new Error(`/metrics on :${port} answered ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
  });
}

export async function benchScrapeLatency(
  agentServer: BenchServer,
  provider: BenchServer,
  rounds = 40,
): Promise<Row[]> {
  const targets = [
    {
      port: agentServer.pod.agentPort,
      agent: new http.Agent({ keepAlive: true, maxSockets: SCRAPERS }),
      ms: [] as number[],
    },
    {
      port: provider.providerPort!,
      agent: new http.Agent({ keepAlive: true, maxSockets: SCRAPERS }),
      ms: [] as number[],
    },
  ];
  const burst = (t: (typeof targets)[number]) =>
    Promise.all(Array.from({ length: SCRAPERS }, () => scrape(t.agent, t.port)));
  try {
    // Warm-up rounds (connections opened, JIT and V8 optimiser warm) are not counted.
    for (let round = 0; round < 5; round++) for (const t of targets) await burst(t);
    for (let round = 0; round < rounds; round++)
      for (const t of targets) {
        t.ms.push(...(await burst(t)));
        await sleep(PAUSE_MS / 2);
      }
  } finally {
    for (const t of targets) t.agent.destroy();
  }
  const [mine, theirs] = targets.map((t) => t.ms);
  return [50, 99].map((p) => {
    const a = percentile(mine!, p);
    const b = percentile(theirs!, p);
    return {
      name: `/metrics p${p}, bursts of ${SCRAPERS} concurrent scrapes (${mine!.length} scrapes)`,
      value: fmt(a, 'ms', 2),
      baseline: `ZooKeeper's Prometheus provider: ${fmt(b, 'ms', 2)}`,
      ratio: ratio(a, b),
      goal: p === 99 ? '≤ 5 ms and ≤ 1.00x' : '≤ 1.00x',
      met: a <= b && (p !== 99 || a <= 5),
    };
  });
}
