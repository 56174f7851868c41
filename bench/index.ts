// `npm run bench`: every benchmark, printed as one table. Benchmarks report; they never fail a build.
// Each compares against a baseline measured in the same run. The start-up benchmarks run before any
// JVM starts; the zk-agent's share two standalone ZooKeepers started through `zk-agent run` (one of them
// with ZooKeeper's own Prometheus provider, the scrape benchmark's baseline), and zk-tls-probes a
// TLS-only one beside them. Then, with those stopped, the kafka-agent's share three KRaft nodes with
// 100 topics × 10 partitions (and kafka-memory a fresh standalone ZooKeeper, whose agent is its
// baseline); kafka-ready restarts brokers, so it runs last of those. The TLS ones on Kafka then share
// one KRaft node with a PLAINTEXT and an SSL listener.
// Runs are sized for a 2-core machine and about seven minutes in all. The Docker engine's benchmarks
// (docker-probes: about 6 minutes, and the engine is shared) runs only when named:
// `node bench/index.ts docker-probes`. So do the ones on the local Kubernetes cluster
// (`npm run cluster -- up`), which is shared with other suites: `node bench/index.ts cluster-ready
// cluster-probes cluster-roll cluster-up`, each in namespaces of its own, deleted when it ends.
import { benchClusterProbes } from './cluster-probes.ts';
import { benchClusterReady } from './cluster-ready.ts';
import { benchClusterRoll } from './cluster-roll.ts';
import { benchClusterUp } from './cluster-up.ts';
import { benchDockerProbes } from './docker-probes.ts';
import { benchKafkaMemory } from './kafka-memory.ts';
import { benchReadinessLag } from './kafka-ready.ts';
import { benchKafkaScrape } from './kafka-scrape.ts';
import { benchKafkaStartup } from './kafka-startup.ts';
import { benchMemory } from './zk-memory.ts';
import { benchMemoryFloor } from './memory-floor.ts';
import { benchZkInit } from './zk-init.ts';
import { benchZkOk } from './zk-ok.ts';
import { benchStartupFloor } from './startup-floor.ts';
import { benchConnections, benchProbeCpu } from './zk-probes.ts';
import { benchSoak } from './soak.ts';
import { benchKafkaTlsProbes, benchZkTlsProbes } from './tls-probes.ts';
import { benchKafkaTlsProduce } from './tls-produce.ts';
import { startTlsKafka, startTlsZooKeeper, type TlsKafka, type TlsZooKeeper } from './lib/tls-servers.ts';
import { benchProbeLatency } from './probe-latency.ts';
import { routeDeadlines } from './lib/probe-deadlines.ts';
import { onlyChildOf } from './lib/proc.ts';
import { benchScrapeLatency } from './zk-scrape.ts';
import { startKafka, type BenchKafka } from './lib/kafka.ts';
import { clusterReachable, NOT_UP } from './lib/cluster-kube.ts';
import { printTable, type Row } from './lib/table.ts';
import { startZooKeeper, type BenchServer } from './lib/zookeeper.ts';

const only = new Set(process.argv.slice(2));
const DOCKER_BENCHES = ['docker-probes'];
const CLUSTER_BENCHES = ['cluster-ready', 'cluster-probes', 'cluster-roll'];
const ONLY_WHEN_NAMED = [...DOCKER_BENCHES, ...CLUSTER_BENCHES, 'cluster-up'];
const wanted = (name: string) => (only.size === 0 && !ONLY_WHEN_NAMED.includes(name)) || only.has(name);
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
if (wanted('startup-floor')) {
  rows.push(...(await guarded('startup-floor', () => benchStartupFloor())));
}
const servers: BenchServer[] = [];
let tlsZk: Promise<TlsZooKeeper> | undefined;
try {
  if (
    [
      'ok',
      'probes',
      'probe-latency',
      'connections',
      'scrape',
      'memory',
      'memory-floor',
      'soak',
      'zk-tls-probes',
    ].some(wanted)
  ) {
    step(
      `starting ZooKeeper 3.9.5${wanted('scrape') ? ' (twice: plain, and with the Prometheus provider)' : ''}`,
    );
    // BENCH_NODE_OPTIONS: node flags for the agents (the image may start `node <flags> zk-agent.js run`).
    const nodeOptions = process.env.BENCH_NODE_OPTIONS;
    if (nodeOptions) step(`agents started with NODE_OPTIONS=${nodeOptions}`);
    // The Prometheus provider's ZooKeeper is only the scrape benchmark's baseline.
    // zk-tls-probes' TLS-only server starts with the others; a failure to start fails only its row.
    tlsZk = wanted('zk-tls-probes') ? startTlsZooKeeper({ nodeOptions }) : undefined;
    tlsZk?.catch(() => {});
    const [zk, withProvider] = await Promise.all([
      startZooKeeper({ nodeOptions }),
      wanted('scrape') ? startZooKeeper({ prometheusProvider: true, nodeOptions }) : undefined,
    ]);
    servers.push(zk, ...(withProvider ? [withProvider] : []));
    if (wanted('ok')) {
      rows.push(...(await guarded('ok', () => benchZkOk(zk))));
    }
    if (wanted('probes')) {
      rows.push(...(await guarded('probes', () => benchProbeCpu(zk))));
    }
    if (wanted('probe-latency')) {
      rows.push(
        ...(await guarded('probe-latency', () =>
          benchProbeLatency('zk-agent', zk.pod.agentPort, ['zk', zk.pod.clientPort]),
        )),
      );
    }
    if (wanted('connections')) {
      rows.push(...(await guarded('connections', () => benchConnections(zk))));
    }
    if (wanted('memory')) {
      rows.push(...(await guarded('memory', () => benchMemory(zk))));
    }
    if (wanted('memory-floor')) {
      rows.push(
        ...(await guarded('memory-floor', () => benchMemoryFloor('zk-agent', zk.pod.agentPort, 'zookeeper'))),
      );
    }
    if (wanted('scrape')) {
      rows.push(...(await guarded('scrape', () => benchScrapeLatency(zk, withProvider!))));
    }
    if (wanted('soak')) {
      rows.push(
        ...(await guarded('soak', () =>
          benchSoak({
            agent: 'zk-agent',
            port: zk.pod.agentPort,
            agentPid: zk.agentPid,
            serverPid: () => onlyChildOf(zk.agentPid),
            deadlines: routeDeadlines('zookeeper', 'zookeeper'),
          }),
        )),
      );
    }
    if (wanted('zk-tls-probes')) {
      rows.push(...(await guarded('zk-tls-probes', async () => benchZkTlsProbes(zk, await tlsZk!))));
    }
  }
} finally {
  await Promise.all([
    ...servers.splice(0).map((server) => server.ensemble.teardown()),
    tlsZk?.then(
      (server) => server.stop(),
      () => {},
    ),
  ]);
}
const KAFKA_BENCHES = [
  'kafka-startup',
  'kafka-memory',
  'kafka-memory-floor',
  'kafka-scrape',
  'kafka-probe-latency',
  'kafka-ready',
  'kafka-soak',
];
let kafka: BenchKafka | undefined;
try {
  if (KAFKA_BENCHES.some(wanted)) {
    const withZk = wanted('kafka-memory');
    step(
      `starting Kafka 4.2.0 (3 KRaft nodes, 100 topics × 10 partitions)${withZk ? ' and ZooKeeper 3.9.5' : ''}`,
    );
    const [started, zk] = await Promise.allSettled([
      startKafka(),
      withZk ? startZooKeeper() : Promise.resolve(undefined),
    ]);
    if (zk.status === 'fulfilled' && zk.value) servers.push(zk.value);
    if (started.status === 'fulfilled') kafka = started.value;
    const run = async (name: string, bench: () => Row[] | Promise<Row[]>) => {
      if (!wanted(name)) return;
      // A server that did not start fails its benchmarks' rows, not the run.
      rows.push(
        ...(await guarded(name, () => {
          if (started.status === 'rejected') throw started.reason as Error;
          if (name === 'kafka-memory' && zk.status === 'rejected') throw zk.reason as Error;
          return bench();
        })),
      );
    };
    await run('kafka-startup', () => benchKafkaStartup(kafka!));
    await run('kafka-memory', () => benchKafkaMemory(kafka!, servers.at(-1)!));
    await run('kafka-memory-floor', async () => {
      const pod = kafka!.cluster.pod(await kafka!.viewOwner());
      return benchMemoryFloor('kafka-agent', pod.agentPort, 'kafka');
    });
    await run('kafka-scrape', () => benchKafkaScrape(kafka!));
    await run('kafka-probe-latency', () => {
      const pod = kafka!.cluster.pod(0);
      return benchProbeLatency('kafka-agent', pod.agentPort, [
        'kafka',
        pod.ip,
        kafka!.cluster.brokerPort,
        pod.nodeId,
      ]);
    });
    await run('kafka-ready', () => benchReadinessLag(kafka!));
    // Last: pausing a broker for 10 s moves leaders and shrinks ISRs, as a restart does.
    await run('kafka-soak', async () => {
      await kafka!.cluster.waitReady();
      const owner = await kafka!.viewOwner();
      const pod = kafka!.cluster.pod(owner);
      return benchSoak({
        agent: 'kafka-agent',
        port: pod.agentPort,
        agentPid: pod.agent!.pid,
        serverPid: () => onlyChildOf(pod.agent!.pid),
        deadlines: routeDeadlines('kafka-kraft', 'kafka'),
      });
    });
  }
} finally {
  await Promise.all([kafka?.cluster.teardown(), ...servers.map((server) => server.ensemble.teardown())]);
}
// TLS against plaintext on one KRaft node with both listeners, the Kafka benchmarks' cluster stopped.
const KAFKA_TLS_BENCHES = ['kafka-tls-probes', 'kafka-tls-produce'];
if (KAFKA_TLS_BENCHES.some(wanted)) {
  step('starting Kafka 4.2.0 (1 KRaft node: PLAINTEXT and SSL listeners)');
  const started = await startTlsKafka().then(
    (value): { kafka: TlsKafka } | { error: Error } => ({ kafka: value }),
    (error: Error) => ({ error }),
  );
  try {
    for (const [name, bench] of [
      ['kafka-tls-probes', benchKafkaTlsProbes],
      ['kafka-tls-produce', benchKafkaTlsProduce],
    ] as const) {
      if (!wanted(name)) continue;
      rows.push(
        ...(await guarded(name, () => {
          if ('error' in started) throw started.error;
          return bench(started.kafka);
        })),
      );
    }
  } finally {
    if ('kafka' in started) await started.kafka.stop();
  }
}
// Last: they start (or find) the Docker engine, and no JVM of the benchmarks above is left to disturb them.
if (wanted('docker-probes')) rows.push(...(await guarded('docker-probes', () => benchDockerProbes())));
// The local cluster's: what `npm run cluster -- up` recorded, then those that need the cluster up.
if (wanted('cluster-up')) rows.push(...(await guarded('cluster-up', () => benchClusterUp())));
if (CLUSTER_BENCHES.some(wanted)) {
  if (!(await clusterReachable())) {
    rows.push({
      name: CLUSTER_BENCHES.filter(wanted).join(', '),
      value: NOT_UP,
      baseline: '-',
      ratio: '-',
      goal: '-',
      met: undefined,
    });
  } else {
    if (wanted('cluster-ready')) rows.push(...(await guarded('cluster-ready', () => benchClusterReady())));
    if (wanted('cluster-probes')) rows.push(...(await guarded('cluster-probes', () => benchClusterProbes())));
    if (wanted('cluster-roll')) rows.push(...(await guarded('cluster-roll', () => benchClusterRoll())));
  }
}
printTable(rows);
