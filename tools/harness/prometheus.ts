// A real Prometheus (Debian's `prometheus` package; CI installs it) scraping the agents the way a
// PodMonitor would, on loopback: its own random port, a TSDB in a scratch dir, a 1 s scrape interval so
// a test sees samples within seconds. It runs in its own process group, killed on teardown and, like
// the agents, when this process exits.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { killGroup, logTail, startGroup, waitForExit, type AgentProcess } from './agent-process.ts';
import { pollUntil } from './poll.ts';
import { freePort } from './ports.ts';

export const PROMETHEUS_BINARY = process.env.PROMETHEUS ?? 'prometheus';

export interface PrometheusOptions {
  /** A scratch dir for the config, the TSDB and the log. */
  readonly dir: string;
  /** host:port of each agent to scrape (its /metrics). */
  readonly targets: readonly string[];
  readonly job?: string;
  /** Whole scrape configs instead of `targets` (e.g. translated from PodMonitors). */
  readonly scrapeConfigs?: readonly unknown[];
}

/** One sample of an instant query: its labels and value. */
export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Prometheus {
  readonly url: string;
  readonly logFile: string;
  /** An instant query through the HTTP API (/api/v1/query). */
  query(expression: string): Promise<Sample[]>;
  /** SIGTERM, then SIGKILL to the group after 5 s; safe to call twice. */
  stop(): Promise<void>;
}

export async function startPrometheus(options: PrometheusOptions): Promise<Prometheus> {
  const port = await freePort();
  const config = join(options.dir, 'prometheus.yml');
  const logFile = join(options.dir, 'prometheus.log');
  // JSON is YAML: no YAML writer needed.
  writeFileSync(
    config,
    JSON.stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      scrape_configs: options.scrapeConfigs ?? [
        { job_name: options.job ?? 'zk-agent', static_configs: [{ targets: options.targets }] },
      ],
    }),
  );
  let server: AgentProcess;
  try {
    server = startGroup(
      PROMETHEUS_BINARY,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(options.dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { logFile },
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}: ` +
        "install Debian's prometheus (apt-get install -y --no-install-recommends prometheus) or set PROMETHEUS",
      { cause: error },
    );
  }
  const url = `http://127.0.0.1:${port}`;
  const prometheus: Prometheus = {
    url,
    logFile,
    async query(expression) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expression)}`, {
        signal: AbortSignal.timeout(5000),
      });
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      if (body.status !== 'success') throw new Error(`query ${expression} failed: ${body.error}`);
      return body.data!.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    async stop() {
      if (!server.exit) {
        killGroup(server.pid, 'SIGTERM');
        await waitForExit(server, 5000).catch(() => undefined);
      }
      killGroup(server.pid, 'SIGKILL');
      await server.exited;
    },
  };
  // Ready once it has replayed its (empty) TSDB and loaded the config.
  try {
    await pollUntil(
      'prometheus ready',
      () =>
        fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) }).then(
          (response) => response.ok || undefined,
          () => undefined, // not listening yet
        ),
      {
        timeoutMs: 30_000,
        describe: () => logTail(logFile),
        bail: () => {
          if (server.exit)
            throw new Error(`prometheus exited (${JSON.stringify(server.exit)})\n${logTail(logFile)}`);
        },
      },
    );
  } catch (error) {
    await prometheus.stop();
    throw error;
  }
  return prometheus;
}
