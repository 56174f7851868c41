// Real ZooKeeper 3.9.5 for the benchmarks, started the way a pod starts it: `node dist/zk-agent.js run`
// (test/harness/ensemble.ts, standalone: ZK_REPLICAS=1). The harness SIGKILLs every process group it
// started when this process exits, so an interrupted benchmark leaves no JVM behind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ensemble, type Pod } from '../../test/harness/ensemble.ts';
import { REPO_ROOT, zookeeperLibDir, zookeeperPrometheusLibDir } from '../../test/harness/fetch-zookeeper.ts';
import { freePort } from '../../test/harness/ports.ts';
import { srvr } from '../../test/harness/srvr.ts';
import { sleep } from './proc.ts';

export interface BenchServer {
  readonly ensemble: Ensemble;
  readonly pod: Pod;
  /** The resident agent's pid (`zk-agent run`); ZooKeeper's JVM is its child. */
  readonly agentPid: number;
  /** ZooKeeper's own Prometheus provider, when started with it. */
  readonly providerPort?: number;
}

const PROVIDER = 'org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider';

/**
 * One standalone ZooKeeper behind `zk-agent run`. JVM flags are left at the JVM's defaults (the test
 * harness's C1-only flags would handicap the Prometheus provider, the baseline of the scrape benchmark).
 */
export async function startZooKeeper(
  options: { prometheusProvider?: boolean; nodeOptions?: string } = {},
): Promise<BenchServer> {
  const providerPort = options.prometheusProvider ? await freePort() : undefined;
  const extra = ['admin.enableServer=false'];
  if (providerPort)
    extra.push(
      `metricsProvider.className=${PROVIDER}`,
      `metricsProvider.httpHost=127.0.0.1`,
      `metricsProvider.httpPort=${providerPort}`,
    );
  const ensemble = await Ensemble.start({
    libDir: providerPort ? providerLibDir() : zookeeperLibDir(),
    replicas: 1,
    label: providerPort ? 'bench-zk-provider' : 'bench-zk',
    env: {
      ZK_CFG_EXTRA: extra.join(' '),
      SERVER_JVMFLAGS: '',
      AGENT_LOG_LEVEL: 'warn',
      ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
    },
  });
  const pod = ensemble.pods[0]!;
  try {
    const deadline = Date.now() + 60_000;
    while ((await srvr(pod.clientPort)).mode !== 'standalone') {
      if (pod.agent?.exit || Date.now() > deadline)
        throw new Error(`ZooKeeper did not start; see ${pod.logFile} (KEEP_TMP=1 keeps it)`);
      await sleep(200);
    }
    if (providerPort) await waitForHttp(providerPort, '/metrics', deadline);
    await waitForHttp(pod.agentPort, '/readyz', deadline);
  } catch (error) {
    await ensemble.teardown();
    throw error;
  }
  return { ensemble, pod, agentPid: pod.agent!.pid, providerPort };
}

async function waitForHttp(port: number, path: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nothing answers http://127.0.0.1:${port}${path}`);
    await sleep(200);
  }
}

/**
 * ZooKeeper 3.9.5 + its Prometheus provider (the harness's lib dir) + the Jetty it needs but declares
 * `provided` (bench/prometheus-provider/pom.xml), as one lib dir of symlinks and Maven's copies.
 */
function providerLibDir(): string {
  const home = join(REPO_ROOT, '.cache', 'bench-zookeeper-prometheus');
  const lib = join(home, 'lib');
  const marker = join(home, '.complete');
  if (existsSync(marker)) return lib;
  const provider = zookeeperPrometheusLibDir();
  rmSync(home, { recursive: true, force: true });
  mkdirSync(lib, { recursive: true });
  for (const jar of readdirSync(provider)) symlinkSync(join(provider, jar), join(lib, jar));
  const pom = join(REPO_ROOT, 'bench', 'prometheus-provider', 'pom.xml');
  const args = ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${lib}`];
  process.stderr.write(
    `fetching Jetty for the Prometheus provider with Maven into ${lib} (first use only)…\n`,
  );
  const result = spawnSync('mvn', args, { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`mvn ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  writeFileSync(marker, '');
  return lib;
}
