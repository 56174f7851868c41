// Real ZooKeeper 3.9.5 for the benchmarks, started the way a pod starts it: `node dist/zk-agent.js run`
// (tools/harness/ensemble.ts, standalone: ZK_REPLICAS=1). The harness SIGKILLs every process group it
// started when this process exits, so an interrupted benchmark leaves no JVM behind.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { agentGet } from '../../tools/harness/agent-http.ts';
import { Ensemble, type EnsembleOptions, type Pod } from '../../tools/harness/ensemble.ts';
import {
  mavenLibDir,
  zookeeperLibDir,
  zookeeperPrometheusLibDir,
} from '../../tools/harness/fetch-zookeeper.ts';
import { pollUntil } from '../../tools/harness/poll.ts';
import { freePort } from '../../tools/harness/ports.ts';
import { REPO_ROOT } from '../../tools/harness/run-agent.ts';
import { residentNodeFlags } from './image-flags.ts';

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
 * One standalone ZooKeeper behind `zk-agent run`, the agent with the image's resident node flags. JVM flags are left at the JVM's defaults (the test
 * harness's C1-only flags would handicap the Prometheus provider, the baseline of the scrape benchmark).
 */
export async function startZooKeeper(
  options: {
    prometheusProvider?: boolean;
    nodeOptions?: string;
    nodeArgs?: readonly string[];
    /** TLS only (the harness's `tls`: the pod's mounted Secret); `clientPort` is then the secure port. */
    tls?: EnsembleOptions['tls'];
  } = {},
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
    label: providerPort ? 'bench-zk-provider' : options.tls ? 'bench-zk-tls' : 'bench-zk',
    nodeArgs: options.nodeArgs ?? residentNodeFlags('zookeeper'),
    ...(options.tls ? { tls: options.tls } : {}),
    env: {
      ZK_CFG_EXTRA: extra.join(' '),
      SERVER_JVMFLAGS: '',
      AGENT_LOG_LEVEL: 'warn',
      ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
    },
  });
  const pod = ensemble.pods[0]!;
  try {
    // One minute for all of it: the server, then each HTTP endpoint.
    const deadline = Date.now() + 60_000;
    const notStarted = `ZooKeeper did not start; see ${pod.logFile} (KEEP_TMP=1 keeps it)`;
    await pollUntil(
      'ZooKeeper serving (srvr: standalone)',
      // Over TLS with the pod's certificate when the server has no plaintext port.
      async () => ((await ensemble.srvr(0)).mode === 'standalone' ? true : undefined),
      {
        timeoutMs: deadline - Date.now(),
        intervalMs: 200,
        describe: () => notStarted,
        bail: () => {
          if (pod.agent?.exit) throw new Error(notStarted);
        },
      },
    );
    if (providerPort) await waitForHttp(providerPort, '/metrics', deadline);
    await waitForHttp(pod.agentPort, '/readyz', deadline);
  } catch (error) {
    await ensemble.teardown();
    throw error;
  }
  return { ensemble, pod, agentPid: pod.agent!.pid, providerPort };
}

function waitForHttp(port: number, path: string, deadline: number): Promise<true> {
  return pollUntil(
    `200 from http://127.0.0.1:${port}${path}`,
    async () => ((await agentGet(port, path)).status === 200 ? true : undefined),
    { timeoutMs: deadline - Date.now(), intervalMs: 200 },
  );
}

/**
 * ZooKeeper 3.9.5 + its Prometheus provider (the harness's lib dir, linked) + the Jetty it needs but
 * declares `provided` (bench/prometheus-provider/pom.xml), as one lib dir.
 */
function providerLibDir(): string {
  const provider = zookeeperPrometheusLibDir();
  return mavenLibDir({
    home: join(REPO_ROOT, '.cache', 'bench-zookeeper-prometheus'),
    pom: join(REPO_ROOT, 'bench', 'prometheus-provider', 'pom.xml'),
    links: readdirSync(provider).map((jar) => join(provider, jar)),
  });
}
