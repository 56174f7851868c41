// CPU per probe on the host as the kubelet would cause it, on the Docker engine `npm run images` uses,
// against a standalone ZooKeeper pod of our image (hardened as the manifest runs it, no network):
//  - exec probes through the container runtime: `docker exec zk-0 zk-agent ok`, and the handbook's zkOk.sh
//    way, `echo ruok | nc 127.0.0.1 2181` — the image has no nc, so the same in bash (`/dev/tcp`, one
//    shell and one connection, as sh + nc are); the prober is the docker CLI, as the kubelet's exec goes
//    through its CRI client;
//  - the HTTP probe of the agent (/readyz on 9141) from a long-lived client in the pod's network
//    namespace (nsenter --net), on a new connection each time, as the kubelet's prober does.
// Counted for each: the prober's CPU, dockerd, containerd, the shim, what the shim reaps (runc, and the
// processes an exec starts in the container) and the container's long-lived processes (the agent, the
// JVM, tini); the container's cgroup as a cross-check. Every counter is read just before and after each
// probe, and the engine's and the container's idle CPU over the same span (measured first) subtracted.
// Probes are interleaved, and each HTTP probe comes after the agent's 1 s answer reuse has expired, as
// a kubelet's 10 s period does, so every probe costs the agent a real ZooKeeper request.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { buildAll } from '../images/build/build.ts';
import { startEngine, type Engine } from '../images/build/engine.ts';
import { HARDENED } from '../images/build/hardened.ts';
import { ensureBaseImages } from '../images/build/stand-ins.ts';
import {
  runtimeCpu,
  runtimeProcesses,
  type RuntimeCpu,
  type RuntimeProcesses,
} from './lib/docker-runtime.ts';
import { STANDALONE_ZK } from '../tools/images/zk-pod.ts';
import { sleep } from './lib/proc.ts';
import { fmt, ratio, type Row } from './lib/table.ts';

const PROBER = fileURLToPath(new URL('./lib/http-prober.ts', import.meta.url));
const AGENT_PORT = 9141;
const CACHE_WINDOW_MS = 1000;
const IDLE_MS = 5000;
const HANDBOOK_WAY = 'exec 3<>/dev/tcp/127.0.0.1/2181; echo ruok >&3; cat <&3';

type Part = keyof RuntimeCpu | 'prober';
const PARTS: readonly Part[] = [
  'prober',
  'dockerd',
  'containerd',
  'shim',
  'reaped',
  'resident',
  'agent',
  'cgroup',
];
type Usage = Record<Part, number>;
/** What the per-probe total counts: the cgroup is the resident and exec'd processes again, the agent part of the resident. */
const TOTAL: readonly Part[] = ['prober', 'dockerd', 'containerd', 'shim', 'reaped', 'resident'];

function docker(engine: Engine, args: readonly string[]): string {
  const result = spawnSync(engine.docker, args, { env: engine.env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`docker ${args.join(' ')}: ${result.stdout}${result.stderr}`);
  return result.stdout.trim();
}

/** CPU of the children this process has waited for (the docker CLIs), in ms; 10 ms ticks. */
function ownChildrenMs(): number {
  const text = readFileSync('/proc/self/stat', 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

class HttpProber {
  private readonly child;
  private readonly lines: AsyncIterator<string>;
  constructor(containerPid: number) {
    this.child = spawn(
      'nsenter',
      [`--net=/proc/${containerPid}/ns/net`, process.execPath, PROBER, String(AGENT_PORT)],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }
  private async next(): Promise<Record<string, number | boolean>> {
    const { value, done } = await this.lines.next();
    if (done) throw new Error('the HTTP prober exited');
    return JSON.parse(value) as Record<string, number | boolean>;
  }
  started = () => this.next();
  async probe(path: string): Promise<{ status: number; cpuMs: number }> {
    this.child.stdin.write(`${path}\n`);
    const answer = await this.next();
    return { status: Number(answer.status), cpuMs: Number(answer.cpuMs) };
  }
  stop(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}

/** The image tests' standalone zk-0, hardened as the manifest runs it; tmpfs at its writable paths. */
function runPod(engine: Engine, name: string): void {
  const pod = STANDALONE_ZK;
  const writable = ['/tmp', ...pod.volumes].flatMap((path) => ['--tmpfs', `${path}:exec,uid=1000,gid=1000`]);
  const env = Object.entries(pod.env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
  docker(engine, ['rm', '-f', name]);
  docker(
    engine,
    ['run', '-d', '--name', name, ...HARDENED, ...writable, '--network', 'none'].concat([
      '--hostname',
      pod.hostname,
      '--domainname',
      pod.domain,
      ...env,
      pod.image,
    ]),
  );
}

function sample(processes: RuntimeProcesses, proberMs: number): Usage & { at: number } {
  return { ...runtimeCpu(processes), prober: proberMs, at: performance.now() };
}

export async function benchDockerProbes(probes = 40): Promise<Row[]> {
  const engine = await startEngine();
  const name = `sa-bench-probes-${process.pid}`;
  let prober: HttpProber | undefined;
  try {
    ensureBaseImages(engine);
    buildAll(engine, (image) => image.tag === STANDALONE_ZK.image);
    runPod(engine, name);
    const id = docker(engine, ['inspect', '--format', '{{.Id}}', name]);
    const pid = Number(docker(engine, ['inspect', '--format', '{{.State.Pid}}', name]));
    prober = new HttpProber(pid);
    await prober.started();
    for (let tries = 0; (await prober.probe('/readyz')).status !== 200; tries++) {
      if (tries > 120)
        throw new Error(
          `${name} not ready after 2 minutes: ${docker(engine, ['logs', '--tail', '20', name])}`,
        );
      await sleep(1000);
    }
    await sleep(3000); // the JVM's start-up compilation settles
    const processes = runtimeProcesses(id, pid);

    // Idle CPU per ms of each part over IDLE_MS (the prober's is 0: it does nothing between probes).
    const idleFrom = sample(processes, 0);
    await sleep(IDLE_MS);
    const idleTo = sample(processes, 0);
    const idle = Object.fromEntries(
      PARTS.map((part) => [part, (idleTo[part] - idleFrom[part]) / (idleTo.at - idleFrom.at)]),
    ) as Usage;

    const sums: Record<string, Usage> = {};
    const add = (variant: string, from: Usage & { at: number }, to: Usage & { at: number }) => {
      const sum = (sums[variant] ??= Object.fromEntries(PARTS.map((part) => [part, 0])) as Usage);
      for (const part of PARTS) sum[part] += to[part] - from[part] - idle[part] * (to.at - from.at);
    };
    const exec = (variant: string, args: readonly string[], expect?: RegExp) => {
      const from = sample(processes, ownChildrenMs());
      const result = spawnSync(engine.docker, ['exec', name, ...args], { env: engine.env, encoding: 'utf8' });
      const to = sample(processes, ownChildrenMs());
      if (result.status !== 0 || (expect && !expect.test(result.stdout)))
        throw new Error(
          `docker exec ${name} ${args.join(' ')}: exit ${result.status} ${result.stdout}${result.stderr}`,
        );
      add(variant, from, to);
    };
    for (let n = 0; n < probes; n++) {
      exec('agent', ['zk-agent', 'ok']);
      exec('handbook', ['bash', '-c', HANDBOOK_WAY], /^imok$/);
      await sleep(CACHE_WINDOW_MS + 100);
      const from = sample(processes, 0);
      const answer = await prober.probe('/readyz');
      const to = sample(processes, answer.cpuMs);
      if (answer.status !== 200) throw new Error(`/readyz answered ${answer.status}`);
      add('http', from, to);
    }
    const per = (variant: string) => {
      const usage = Object.fromEntries(PARTS.map((part) => [part, sums[variant]![part] / probes])) as Usage;
      return { usage, total: TOTAL.reduce((sum, part) => sum + usage[part], 0) };
    };
    const breakdown = ({ usage }: ReturnType<typeof per>) =>
      `prober ${usage.prober.toFixed(2)}, dockerd ${usage.dockerd.toFixed(2)}, containerd ${usage.containerd.toFixed(2)}, ` +
      `shim ${usage.shim.toFixed(2)}, runc + exec'd ${usage.reaped.toFixed(1)}, container's resident ${usage.resident.toFixed(2)} (agent ${usage.agent.toFixed(2)}, server ${(usage.resident - usage.agent).toFixed(2)}) ` +
      `(cgroup ${usage.cgroup.toFixed(1)}) ms`;
    const agent = per('agent');
    const handbook = per('handbook');
    const http = per('http');
    return [
      {
        name: `docker exec zk-0 zk-agent ok: host CPU per probe (mean of ${probes})`,
        value: fmt(agent.total, 'ms', 1),
        baseline: breakdown(agent),
        ratio: '-',
        goal: '-',
        met: undefined,
      },
      {
        name: `docker exec zk-0 bash ruok, the handbook's zkOk.sh way (mean of ${probes})`,
        value: fmt(handbook.total, 'ms', 1),
        baseline: breakdown(handbook),
        ratio: '-',
        goal: '-',
        met: undefined,
      },
      {
        name: `HTTP probe /readyz, long-lived prober in the pod's netns (mean of ${probes})`,
        value: fmt(http.total, 'ms', 2),
        baseline: `exec zk-agent ok: ${fmt(agent.total, 'ms', 1)}`,
        ratio: ratio(http.total, agent.total),
        goal: '≤ 0.05x (1/20)',
        met: http.total / agent.total <= 0.05,
      },
      {
        name: `HTTP probe /readyz against the handbook's way`,
        value: fmt(http.total, 'ms', 2),
        baseline: `exec bash ruok: ${fmt(handbook.total, 'ms', 1)}`,
        ratio: ratio(http.total, handbook.total),
        goal: '≤ 0.05x (1/20)',
        met: http.total / handbook.total <= 0.05,
      },
      {
        name: `  HTTP probe, where it goes`,
        value: fmt(http.total, 'ms', 2),
        baseline: breakdown(http),
        ratio: '-',
        goal: '-',
        met: undefined,
      },
    ];
  } finally {
    prober?.stop();
    spawnSync(engine.docker, ['rm', '-f', name], { env: engine.env, stdio: 'ignore' });
    await engine.stop();
  }
}
