// kafka-agent /metrics latency at 100 topics × 10 partitions (the cluster-view owner's answer: the
// agent's series, the cluster view and the broker's JMX series) when 50 scrapers arrive at once, next to
// a bare node:http server in its own process sending the same bytes, in alternating rounds of one run
// (bench/lib/scrape-bursts.ts). Target: p99 ≤ 1.2× the bare server's. A third target, fastify
// sending the same bytes (the agent's HTTP framework), shows what is fastify's and what the
// agent's.
import { fetchJmxText } from '../agents/kafka/jmx-exporter-client.ts';
import { startBareServer } from './lib/bare-server.ts';
import { scrapeOnce } from './lib/http.ts';
import { metadataSource, type BenchKafka } from './lib/kafka.ts';
import { median } from './lib/measure.ts';
import { percentile } from './lib/proc.ts';
import { scrapeBursts } from './lib/scrape-bursts.ts';
import { fmt, ratio, type Row } from './lib/table.ts';

const SCRAPERS = 50;
// The agent reuses the JMX exporter's text and the broker's answers for up to 1 s; with a burst every
// ~250 ms one in four asks anew, as in bench/zk-scrape.ts.
const PAUSE_MS = 200;

/**
 * CPU this process spends on what the agent does once a second besides serving: one Metadata answer of
 * 1,000 partitions decoded (the agent's own client) and the JMX exporter's text read. In the agent it
 * runs on the event loop that serves the scrapes, so a burst that meets it waits that long.
 */
async function refreshCpuMs(kafka: BenchKafka, pod: number, runs = 20) {
  const source = metadataSource(kafka.cluster, pod);
  const jmxPort = kafka.cluster.pod(pod).jmxPort;
  const cpu = async (ask: () => Promise<unknown>) => {
    const before = process.cpuUsage();
    await ask();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };
  const metadata: number[] = [];
  const jmx: number[] = [];
  try {
    for (let i = 0; i < runs + 2; i++) {
      const [m, j] = [await cpu(() => source.metadata()), await cpu(() => fetchJmxText(jmxPort, 5000))];
      if (i < 2) continue; // the first two warm the code up
      metadata.push(m);
      jmx.push(j);
    }
  } finally {
    await source.close();
  }
  return { metadata: median(metadata), jmx: median(jmx) };
}

export async function benchKafkaScrape(kafka: BenchKafka, rounds = 40): Promise<Row[]> {
  const owner = await kafka.viewOwner();
  const port = kafka.cluster.pod(owner).agentPort;
  const sample = await scrapeOnce(port);
  const bare = await startBareServer(sample.body, sample.contentType);
  let mine: number[];
  let theirs: number[];
  let fastify: number[];
  try {
    const framework = await startBareServer(sample.body, sample.contentType, 'fastify');
    try {
      [mine, theirs, fastify] = (await scrapeBursts([port, bare.port, framework.port], {
        scrapers: SCRAPERS,
        rounds,
        pauseMs: PAUSE_MS,
      })) as [number[], number[], number[]];
    } finally {
      framework.stop();
    }
  } finally {
    bare.stop();
  }
  const kb = (sample.body.length / 1024).toFixed(0);
  const rows: Row[] = [50, 99].map((p) => {
    const a = percentile(mine, p);
    const b = percentile(theirs, p);
    return {
      name: `kafka-agent /metrics p${p} (${kb} KiB), bursts of ${SCRAPERS} (${mine.length} scrapes)`,
      value: fmt(a, 'ms', 2),
      baseline: `bare node:http, same bytes: ${fmt(b, 'ms', 2)}`,
      ratio: ratio(a, b),
      goal: p === 99 ? '≤ 1.20x' : '-',
      met: p === 99 ? a / b <= 1.2 : undefined,
    };
  });
  const floor = percentile(fastify, 99);
  rows.push({
    name: `the floor: fastify sending the same bytes, p99`,
    value: fmt(floor, 'ms', 2),
    baseline: `bare node:http, same bytes: ${fmt(percentile(theirs, 99), 'ms', 2)}`,
    ratio: ratio(floor, percentile(theirs, 99)),
    goal: '-',
    met: undefined,
  });
  const refresh = await refreshCpuMs(kafka, owner);
  rows.push({
    name: 'once a second the agent also decodes Metadata (1,000 partitions): CPU, median',
    value: fmt(refresh.metadata, 'ms', 2),
    baseline: `reading the JMX exporter's text: ${fmt(refresh.jmx, 'ms', 2)}`,
    ratio: '-',
    goal: '-',
    met: undefined,
  });
  return rows;
}
