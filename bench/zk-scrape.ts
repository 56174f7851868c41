// /metrics latency when 50 scrapers arrive at once, next to a bare node:http server in its own
// process sending the same bytes (the floor: no framework, nothing rendered), fastify sending the same
// bytes (the floor of the agent's HTTP framework) and ZooKeeper's own Prometheus provider, scraped the same way (same client, same keep-alive connections), in alternating
// rounds of one run (bench/lib/scrape-bursts.ts).
import { startBareServer } from './lib/bare-server.ts';
import { scrapeOnce } from './lib/http.ts';
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
  const sample = await scrapeOnce(agentServer.pod.agentPort);
  const bare = await startBareServer(sample.body, sample.contentType);
  let mine: number[];
  let floor: number[];
  let fastify: number[];
  let theirs: number[];
  try {
    const framework = await startBareServer(sample.body, sample.contentType, 'fastify');
    try {
      [mine, floor, fastify, theirs] = (await scrapeBursts(
        [agentServer.pod.agentPort, bare.port, framework.port, provider.providerPort!],
        { scrapers: SCRAPERS, rounds, pauseMs: PAUSE_MS },
      )) as [number[], number[], number[], number[]];
    } finally {
      framework.stop();
    }
  } finally {
    bare.stop();
  }
  const kb = (sample.body.length / 1024).toFixed(0);
  const rows = [50, 99].flatMap((p): Row[] => {
    const a = percentile(mine, p);
    const b = percentile(floor, p);
    const c = percentile(theirs, p);
    const name = `/metrics p${p} (${kb} KiB), bursts of ${SCRAPERS} concurrent scrapes (${mine.length} scrapes)`;
    return [
      {
        name,
        value: fmt(a, 'ms', 2),
        baseline: `bare node:http, same bytes: ${fmt(b, 'ms', 2)}`,
        ratio: ratio(a, b),
        goal: p === 99 ? '≤ 1.20x' : '-',
        met: p === 99 ? a / b <= 1.2 : undefined,
      },
      {
        name: `${name}, against ZooKeeper's own`,
        value: fmt(a, 'ms', 2),
        baseline: `ZooKeeper's Prometheus provider: ${fmt(c, 'ms', 2)}`,
        ratio: ratio(a, c),
        goal: '≤ 1.00x',
        met: a <= c,
      },
    ];
  });
  const framework = percentile(fastify, 99);
  rows.push({
    name: 'the floor: fastify sending the same bytes, p99',
    value: fmt(framework, 'ms', 2),
    baseline: `bare node:http, same bytes: ${fmt(percentile(floor, 99), 'ms', 2)}`,
    ratio: ratio(framework, percentile(floor, 99)),
    goal: '-',
    met: undefined,
  });
  return rows;
}
