// P6: /metrics latency when 50 scrapers arrive at once, next to ZooKeeper's own Prometheus provider
// scraped the same way (same client, same keep-alive connections), in alternating rounds of one run
// (bench/lib/scrape-bursts.ts).
import { scrapeBursts } from './lib/scrape-bursts.ts';
import { percentile } from './lib/proc.ts';
import { fmt, ratio, type Row } from './lib/table.ts';
import type { BenchServer } from './lib/zookeeper.ts';

const SCRAPERS = 50;
// The agent reuses a mntr reply for up to 1 s; with bursts every ~250 ms one in four asks ZooKeeper anew.
const PAUSE_MS = 200;

export async function benchScrapeLatency(
  agentServer: BenchServer,
  provider: BenchServer,
  rounds = 40,
): Promise<Row[]> {
  const [mine, theirs] = await scrapeBursts([agentServer.pod.agentPort, provider.providerPort!], {
    scrapers: SCRAPERS,
    rounds,
    pauseMs: PAUSE_MS,
  });
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
