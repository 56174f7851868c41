// A real Prometheus on a namespace's Docker network, where the runner's pods are: the host cannot reach
// pod IPs (the engine has no bridge and the network is --internal; runner/docker.ts). It is Debian's
// `prometheus` binary (the one `npm test` uses, installed by tools/harness/system-packages.ts), bind-mounted
// read-only into a container of one of our images (bookworm, as the host, so its libc fits), and its API
// is asked from inside that container by the image's own Node, as the runner's httpGet probes are.
// The container carries the runner's label: LocalCluster.down() removes it with the pods.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkName, RUNNER_LABEL } from '../runner/docker-args.ts';
import type { DockerDriver } from '../runner/docker.ts';
import { pollUntil } from '../../../tools/harness/poll.ts';
import { PROMETHEUS_BINARY } from '../../../tools/harness/prometheus.ts';
import type { RuleGroup } from './scaled-time.ts';
import type { ScrapeConfig } from './scrape-config.ts';

export interface PrometheusOptions {
  readonly driver: DockerDriver;
  readonly namespace: string;
  /** An image with Node and a glibc the host's binary links against (ours are bookworm). */
  readonly image: string;
  readonly scrapeConfigs: readonly ScrapeConfig[];
  readonly ruleGroups: readonly RuleGroup[];
  readonly evaluationInterval: string;
  readonly name?: string;
}

export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Alert {
  readonly labels: Readonly<Record<string, string>>;
  readonly state: 'pending' | 'firing';
  readonly activeAt: string;
  readonly value: string;
}

export interface Target {
  readonly labels: Readonly<Record<string, string>>;
  readonly scrapePool: string;
  readonly scrapeUrl: string;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
}

const PORT = 9090;
const CONFIG_DIR = '/etc/prometheus';
const BINARY = '/usr/local/bin/prometheus';

/** Prints the body of a GET to the API on loopback; exit 2 and the error when there is no answer. */
const GET_SCRIPT = [
  `fetch('http://127.0.0.1:${PORT}' + process.argv[1], { signal: AbortSignal.timeout(10000) })`,
  '.then((r) => r.text()).then((t) => process.stdout.write(t),',
  '(e) => { console.error(e.cause?.code ?? e.name ?? String(e)); process.exit(2); })',
].join('');

function hostBinary(): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${PROMETHEUS_BINARY}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `no ${PROMETHEUS_BINARY} on PATH: install Debian's prometheus (apt-get install -y --no-install-recommends prometheus) or set PROMETHEUS`,
    );
  }
}

export class E2ePrometheus {
  readonly name: string;
  private readonly driver: DockerDriver;
  private readonly dir: string;

  private constructor(driver: DockerDriver, name: string, dir: string) {
    this.driver = driver;
    this.name = name;
    this.dir = dir;
  }

  static async start(options: PrometheusOptions): Promise<E2ePrometheus> {
    const binary = hostBinary();
    const name = options.name ?? 'prometheus';
    const dir = mkdtempSync(join(tmpdir(), 'e2e-prometheus-'));
    // The container runs as the image's user (1000): the config must be readable by it.
    chmodSync(dir, 0o755);
    // JSON is YAML: no YAML writer needed.
    const config = {
      global: { evaluation_interval: options.evaluationInterval },
      rule_files: [`${CONFIG_DIR}/rules.yaml`],
      scrape_configs: options.scrapeConfigs,
    };
    writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2), { mode: 0o644 });
    writeFileSync(join(dir, 'rules.yaml'), JSON.stringify({ groups: options.ruleGroups }, null, 2), {
      mode: 0o644,
    });
    const prometheus = new E2ePrometheus(options.driver, name, dir);
    try {
      await options.driver.run(['rm', '-f', name]);
      await options.driver.ok([
        'run',
        '-d',
        '--name',
        name,
        '--network',
        networkName(options.namespace),
        '--label',
        `${RUNNER_LABEL}=${options.driver.runId}`,
        '--restart',
        'no',
        '--read-only',
        '--tmpfs',
        '/prometheus:rw,mode=0777',
        '--mount',
        `type=bind,src=${binary},dst=${BINARY},readonly`,
        '--mount',
        `type=bind,src=${dir},dst=${CONFIG_DIR},readonly`,
        '--entrypoint',
        BINARY,
        options.image,
        `--config.file=${CONFIG_DIR}/prometheus.yml`,
        '--storage.tsdb.path=/prometheus',
        `--web.listen-address=127.0.0.1:${PORT}`,
        '--log.level=warn',
      ]);
      await pollUntil(
        'prometheus ready',
        () => prometheus.get('/-/ready').then((body) => body || undefined),
        {
          timeoutMs: 60_000,
          intervalMs: 1_000,
        },
      );
    } catch (error) {
      const log = await options.driver.logs(name, 30);
      await prometheus.stop();
      throw new Error(`${(error as Error).message}\nprometheus log:\n${log}`, { cause: error });
    }
    return prometheus;
  }

  /** The body of a GET to the API, from inside the container. */
  async get(path: string): Promise<string> {
    const run = await this.driver.exec(this.name, ['node', '-e', GET_SCRIPT, path], 30_000);
    if (run.status !== 0) throw new Error(`GET ${path} from ${this.name}: exit ${run.status} ${run.stderr}`);
    return run.stdout;
  }

  private async api<T>(path: string): Promise<T> {
    const body = JSON.parse(await this.get(path)) as { status: string; error?: string; data: T };
    if (body.status !== 'success') throw new Error(`GET ${path}: ${body.error}`);
    return body.data;
  }

  /** An instant query (/api/v1/query). */
  async query(expression: string): Promise<Sample[]> {
    const data = await this.api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
      `/api/v1/query?query=${encodeURIComponent(expression)}`,
    );
    return data.result.map((sample) => ({ metric: sample.metric, value: Number(sample.value[1]) }));
  }

  /** Every alert pending or firing (/api/v1/alerts). */
  async alerts(): Promise<Alert[]> {
    return (await this.api<{ alerts: Alert[] }>('/api/v1/alerts')).alerts;
  }

  async firing(alertname?: string): Promise<Alert[]> {
    return (await this.alerts()).filter(
      (alert) =>
        alert.state === 'firing' && (alertname === undefined || alert.labels.alertname === alertname),
    );
  }

  /** The active targets and their last scrape's health (/api/v1/targets). */
  async targets(): Promise<Target[]> {
    return (await this.api<{ activeTargets: Target[] }>('/api/v1/targets?state=active')).activeTargets;
  }

  /** The container removed and its config dir deleted; safe to call twice. */
  async stop(): Promise<void> {
    await this.driver.run(['rm', '-f', this.name]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
