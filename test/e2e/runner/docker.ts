// The thin edge: the docker CLI (Debian's /usr/bin/docker, on the engine images/build/engine.ts starts or
// finds) doing what the kubelet and the container runtime would. Everything it runs carries the
// runner's label, and `removeAll` takes away what one run made (containers, networks; volumes if asked).
import { execFile } from 'node:child_process';
import { networkName, RUNNER_LABEL, runArgs, stopArgs } from './docker-args.ts';
import type { PodPlan } from './plan.ts';
import type { ProbeSpec } from './probe-spec.ts';
import type { ProbeResult } from './probes.ts';

export interface DockerCli {
  readonly docker: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface ContainerState {
  readonly exists: boolean;
  readonly running: boolean;
  readonly exitCode: number;
  readonly startedAt: string;
}

/**
 * httpGet probes run inside the pod's network namespace: the engine `npm run images` starts has no
 * bridge, iptables or forwarding (--bridge=none, --iptables=false) and the pods' network is --internal,
 * so the host cannot reach a pod's IP. A one-line fetch by the image's own Node against 127.0.0.1 hits
 * the same listener the kubelet's GET to the pod IP would (the agents bind 0.0.0.0). Success as the
 * kubelet counts it: 200 <= status < 400. Exit 0 ok, 1 bad status, 2 no answer (printed on stderr).
 */
function httpProbeScript(path: string, port: number, timeoutMs: number): string {
  return [
    `fetch('http://127.0.0.1:${port}${path}', { signal: AbortSignal.timeout(${timeoutMs}) })`,
    `.then((r) => { console.log(r.status); process.exit(r.status >= 200 && r.status < 400 ? 0 : 1); },`,
    `(e) => { console.error(e.cause?.code ?? e.name ?? String(e)); process.exit(2); })`,
  ].join('');
}

function tcpProbeScript(port: number, timeoutMs: number): string {
  return `const s = require('node:net').connect(${port}, '127.0.0.1', () => process.exit(0)); s.on('error', (e) => { console.error(e.code); process.exit(1); }); setTimeout(() => { console.error('timeout'); process.exit(1); }, ${timeoutMs});`;
}

/** What starting `node` in a container costs before the probe's own timeout starts counting. */
const EXEC_OVERHEAD_MS = 5_000;

export class DockerDriver {
  readonly cli: DockerCli;
  readonly runId: string;
  private readonly networks = new Set<string>();

  constructor(cli: DockerCli, runId: string) {
    this.cli = cli;
    this.runId = runId;
  }

  run(args: readonly string[], timeoutMs = 120_000): Promise<Run> {
    return new Promise((resolve) => {
      execFile(
        this.cli.docker,
        args,
        { env: { ...process.env, ...this.cli.env }, timeout: timeoutMs, maxBuffer: 32 << 20 },
        (error, stdout, stderr) => {
          const failed = error as (Error & { code?: unknown; killed?: boolean }) | null;
          const status = failed ? (typeof failed.code === 'number' ? failed.code : 1) : 0;
          resolve({ status, stdout, stderr, timedOut: !!failed?.killed });
        },
      );
    });
  }

  async ok(args: readonly string[], timeoutMs?: number): Promise<string> {
    const run = await this.run(args, timeoutMs);
    if (run.status !== 0)
      throw new Error(`docker ${args.join(' ')} exited ${run.status}:\n${run.stdout}${run.stderr}`);
    return run.stdout;
  }

  /** One network per namespace, --internal: pods reach each other and nothing else. */
  async ensureNetwork(namespace: string): Promise<void> {
    const name = networkName(namespace);
    if (this.networks.has(name)) return;
    const exists = await this.run(['network', 'inspect', name]);
    if (exists.status !== 0)
      await this.ok(['network', 'create', '--internal', '--label', `${RUNNER_LABEL}=${this.runId}`, name]);
    this.networks.add(name);
  }

  /** Starts the pod's container; a leftover container of that name (a deleted pod) goes first. */
  async create(plan: PodPlan): Promise<void> {
    await this.ensureNetwork(plan.namespace);
    await this.run(['rm', '-f', plan.name]);
    await this.ok(runArgs(plan, this.runId));
  }

  /** SIGTERM, SIGKILL after the grace period, then the container goes; its claim volumes stay. */
  async delete(plan: PodPlan): Promise<void> {
    await this.run(stopArgs(plan), (plan.terminationGracePeriodSeconds + 30) * 1000);
    await this.run(['rm', '-f', plan.name]);
  }

  /** The kubelet's restart of a container in place: stopped with its grace period, started again. */
  async restart(plan: PodPlan): Promise<void> {
    await this.ok(
      ['restart', '-t', String(plan.terminationGracePeriodSeconds), plan.name],
      (plan.terminationGracePeriodSeconds + 60) * 1000,
    );
  }

  async start(plan: PodPlan): Promise<void> {
    await this.ok(['start', plan.name]);
  }

  async state(name: string): Promise<ContainerState> {
    const run = await this.run([
      'inspect',
      '--format',
      '{{.State.Running}} {{.State.ExitCode}} {{.State.StartedAt}}',
      name,
    ]);
    if (run.status !== 0) return { exists: false, running: false, exitCode: -1, startedAt: '' };
    const [running, exitCode, startedAt] = run.stdout.trim().split(' ');
    return {
      exists: true,
      running: running === 'true',
      exitCode: Number(exitCode),
      startedAt: startedAt ?? '',
    };
  }

  exec(name: string, command: readonly string[], timeoutMs = 60_000): Promise<Run> {
    return this.run(['exec', name, ...command], timeoutMs);
  }

  async probe(plan: PodPlan, spec: ProbeSpec): Promise<ProbeResult> {
    const timeoutMs = spec.timeoutSeconds * 1000;
    const { action } = spec;
    let run: Run;
    if (action.kind === 'exec') {
      // The kubelet enforces exec probes' timeoutSeconds since Kubernetes 1.20.
      run = await this.exec(plan.name, action.command, timeoutMs);
    } else if (action.kind === 'http') {
      if (action.scheme !== 'HTTP')
        return { ok: false, detail: 'HTTPS probes are not imitated by the runner' };
      run = await this.exec(
        plan.name,
        ['node', '-e', httpProbeScript(action.path, action.port, timeoutMs)],
        timeoutMs + EXEC_OVERHEAD_MS,
      );
    } else {
      run = await this.exec(
        plan.name,
        ['node', '-e', tcpProbeScript(action.port, timeoutMs)],
        timeoutMs + EXEC_OVERHEAD_MS,
      );
    }
    const output = `${run.stdout}${run.stderr}`.trim().split('\n').slice(-3).join(' | ');
    if (run.timedOut) return { ok: false, detail: `timed out after ${spec.timeoutSeconds} s` };
    return { ok: run.status === 0, detail: `exit ${run.status}${output ? `: ${output}` : ''}` };
  }

  async logs(name: string, tail = 100): Promise<string> {
    const run = await this.run(['logs', '--tail', String(tail), name]);
    return run.stdout + run.stderr;
  }

  /** Every container and network of this run; the claim volumes too when `volumes`. */
  async removeAll(options: { volumes: readonly string[] }): Promise<void> {
    const filter = `label=${RUNNER_LABEL}=${this.runId}`;
    const ids = (await this.run(['ps', '-aq', '--filter', filter])).stdout.split('\n').filter(Boolean);
    if (ids.length > 0) await this.run(['rm', '-f', ...ids], 180_000);
    const labelled = (await this.run(['network', 'ls', '-q', '--filter', filter])).stdout
      .split('\n')
      .filter(Boolean);
    // Those this run adopted (left by an interrupted run) go too: a network left behind keeps its
    // bridge link on the host after the engine stops.
    const networks = [...new Set([...labelled, ...this.networks])];
    if (networks.length > 0) await this.run(['network', 'rm', ...networks]);
    this.networks.clear();
    if (options.volumes.length > 0) await this.run(['volume', 'rm', '-f', ...options.volumes]);
  }
}
