// `npm run bench`: every benchmark, printed as one table. Benchmarks report; they never fail a build.
// Each compares against a baseline measured in the same run. The start-up benchmarks run before any
// JVM starts; the rest share two standalone ZooKeepers started through `zk-agent run` (one of them with
// ZooKeeper's own Prometheus provider, the scrape benchmark's baseline). Runs are sized for a 2-core
// machine and about 4–5 minutes in all.
import { benchMemory } from './zk-memory.ts';
import { benchZkInit } from './zk-init.ts';
import { benchZkOk } from './zk-ok.ts';
import { benchConnections, benchProbeCpu } from './zk-probes.ts';
import { benchScrapeLatency } from './zk-scrape.ts';
import { printTable, type Row } from './lib/table.ts';
import { startZooKeeper, type BenchServer } from './lib/zookeeper.ts';

const only = new Set(process.argv.slice(2));
const wanted = (name: string) => only.size === 0 || only.has(name);
const step = (name: string) => process.stderr.write(`bench: ${name}…\n`);

/** A benchmark that throws becomes a row saying why: benchmarks report, they never fail the run. */
async function guarded(name: string, bench: () => Row[] | Promise<Row[]>): Promise<Row[]> {
  step(name);
  try {
    return await bench();
  } catch (error) {
    const why = (error as Error).message.split('\n')[0]!;
    return [{ name, value: 'failed', baseline: why, ratio: '-', goal: '-', met: undefined }];
  }
}

const rows: Row[] = [];
if (wanted('init')) {
  rows.push(...(await guarded('init', () => benchZkInit())));
}
const servers: BenchServer[] = [];
try {
  if (['ok', 'probes', 'connections', 'scrape', 'memory'].some(wanted)) {
    step('starting ZooKeeper 3.9.5 (twice: plain, and with the Prometheus provider)');
    // BENCH_NODE_OPTIONS: node flags for the agents (the image may start `node <flags> zk-agent.js run`).
    const nodeOptions = process.env.BENCH_NODE_OPTIONS;
    if (nodeOptions) step(`agents started with NODE_OPTIONS=${nodeOptions}`);
    const [zk, withProvider] = await Promise.all([
      startZooKeeper({ nodeOptions }),
      startZooKeeper({ prometheusProvider: true, nodeOptions }),
    ]);
    servers.push(zk, withProvider);
    if (wanted('ok')) {
      rows.push(...(await guarded('ok', () => benchZkOk(zk))));
    }
    if (wanted('probes')) {
      rows.push(...(await guarded('probes', () => benchProbeCpu(zk))));
    }
    if (wanted('connections')) {
      rows.push(...(await guarded('connections', () => benchConnections(zk))));
    }
    if (wanted('memory')) {
      rows.push(...(await guarded('memory', () => benchMemory(zk))));
    }
    if (wanted('scrape')) {
      rows.push(...(await guarded('scrape', () => benchScrapeLatency(zk, withProvider))));
    }
  }
} finally {
  await Promise.all(servers.map((server) => server.ensemble.teardown()));
}
printTable(rows);
