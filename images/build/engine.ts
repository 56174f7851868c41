// A Docker engine for `npm run images` and `npm run test:images`: the one DOCKER_HOST or the default
// socket reaches, or else (root on Debian) a dockerd of our own from Debian's docker.io, with its data
// root, exec root, socket and pid file under the git-ignored .docker/. Each script starts its own and
// stops it by its pid when done; images and build cache stay in .docker/data for the next script.
//
// It is started so that it leaves the host's network alone (a default dockerd turns on ip_forward, sets
// FORWARD to DROP, adds DOCKER chains, a MASQUERADE rule and docker0, and leaves them after it stops): no iptables rules, no forwarding, no masquerading, no default bridge. Builds use
// `--network host` (the registries), tests a network of their own (containers talk only to each other).
// The host's state is read before and compared after; a difference fails the run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from './paths.ts';
import { hostChanges, hostState, mountsUnder } from './host-state.ts';
import { hostMachine, type Machine } from '../../tools/machine.ts';

export const STATE = join(REPO_ROOT, '.docker');
export const SOCKET = join(STATE, 'docker.sock');
export const PID_FILE = join(STATE, 'dockerd.pid');
/**
 * Debian's docker.io client does BuildKit, which the builds use. A machine image may carry another
 * client first on PATH (seen: /usr/local/bin/docker 28.x without buildx, which fails every build with
 * "BuildKit is enabled but the buildx component is missing or broken").
 */
export const DEBIAN_CLIENT = '/usr/bin/docker';
export const DEBIAN_DAEMON = '/usr/sbin/dockerd';

/**
 * dockerd's flags: its own data root, exec root, socket and pid file under .docker/, and nothing that
 * changes the host's network (no iptables rules, no forwarding, no masquerading, no default bridge).
 */
export function dockerdArgs(extra: readonly string[] = []): string[] {
  return [
    `--data-root=${join(STATE, 'data')}`,
    `--exec-root=${join(STATE, 'exec')}`,
    `--host=unix://${SOCKET}`,
    `--pidfile=${PID_FILE}`,
    '--iptables=false',
    '--ip-forward=false',
    '--ip-masq=false',
    '--bridge=none',
    '--log-level=warn',
    ...extra,
  ];
}

/** The pid of a dockerd of ours that runs (the local cluster keeps one running between commands). */
export function runningDaemon(): number | undefined {
  if (!existsSync(PID_FILE)) return undefined;
  const pid = Number(readFileSync(PID_FILE, 'utf8'));
  return pid > 0 && alive(pid) ? pid : undefined;
}

export interface Engine {
  /** The docker client to run. */
  readonly docker: string;
  /** Environment for it (DOCKER_HOST, DOCKER_BUILDKIT). */
  readonly env: NodeJS.ProcessEnv;
  /** Stops the engine if this process started it, and checks that the host is as it was. */
  stop(): Promise<void>;
}

/** What choosing an engine asks of the docker clients: injected, so a test can ask without an engine. */
export interface ClientProbe {
  /** An engine answers this client (with `env`'s DOCKER_HOST, or at the default socket). */
  answers(docker: string, env: NodeJS.ProcessEnv): boolean;
  /** This client can build with BuildKit (`docker buildx version` works). */
  buildsWithBuildKit(docker: string): boolean;
}

export const realClients: ClientProbe = {
  answers: (docker, env) =>
    spawnSync(docker, ['version', '--format', '{{.Server.Version}}'], { env, stdio: 'ignore' }).status === 0,
  buildsWithBuildKit: (docker) => spawnSync(docker, ['buildx', 'version'], { stdio: 'ignore' }).status === 0,
};

export interface EngineChoice {
  /** The client every later docker command runs: one that builds with BuildKit. */
  readonly docker: string;
  /** True when no engine answers and this process must start Debian's dockerd. */
  readonly startOwn: boolean;
}

/**
 * Which engine and which client. The client is chosen only after docker.io's install step has had its
 * chance to run: chosen before, a bare machine got the machine image's client (no buildx) for a dockerd
 * that had just been installed with a client that has it.
 */
export function chooseEngine(machine: Machine, probe: ClientProbe, env: NodeJS.ProcessEnv): EngineChoice {
  const asker = machine.has(DEBIAN_CLIENT) ? DEBIAN_CLIENT : machine.which('docker');
  const outside = Boolean(env.DOCKER_HOST) || (asker !== undefined && probe.answers(asker, env));
  if (outside) {
    const buildKit = [machine.has(DEBIAN_CLIENT) ? DEBIAN_CLIENT : undefined, machine.which('docker')].find(
      (docker) => docker !== undefined && probe.buildsWithBuildKit(docker),
    );
    if (buildKit) return { docker: buildKit, startOwn: false };
    // An engine answers, but no client here builds with BuildKit: Debian's client is that one.
    machine.ensure('docker.io');
    return { docker: DEBIAN_CLIENT, startOwn: false };
  }
  if (!machine.isRoot) {
    throw new Error(
      "no Docker engine reachable (DOCKER_HOST, /var/run/docker.sock) and not root: start one, or run as root to let this script start Debian's docker.io",
    );
  }
  machine.ensure('docker.io');
  if (!machine.has(DEBIAN_DAEMON)) throw new Error(`docker.io is installed but ${DEBIAN_DAEMON} is missing`);
  return { docker: DEBIAN_CLIENT, startOwn: true };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startEngine(
  machine: Machine = hostMachine(),
  probe: ClientProbe = realClients,
): Promise<Engine> {
  const outside = { ...process.env, DOCKER_BUILDKIT: '1' };
  const { docker, startOwn } = chooseEngine(machine, probe, outside);
  if (!startOwn) {
    console.log(
      `using the Docker engine at ${process.env.DOCKER_HOST ?? 'the default socket'} with ${docker}`,
    );
    return { docker, env: outside, stop: async () => {} };
  }
  mkdirSync(STATE, { recursive: true });
  const running = runningDaemon();
  if (running !== undefined) {
    // `npm run cluster -- up` left it running: use it, and leave it to `cluster down`.
    const env = { ...process.env, DOCKER_HOST: `unix://${SOCKET}`, DOCKER_BUILDKIT: '1' };
    if (!probe.answers(docker, env))
      throw new Error(
        `a dockerd of ours runs (pid ${running}, ${PID_FILE}) but does not answer: stop it first`,
      );
    console.log(`using the dockerd of ours that already runs (pid ${running}, ${SOCKET})`);
    return { docker, env, stop: async () => {} };
  }
  const before = hostState(STATE);
  const log = openSync(join(STATE, 'dockerd.log'), 'a');
  const daemon = spawn(DEBIAN_DAEMON, dockerdArgs(), { stdio: ['ignore', log, log], detached: true });
  const env = { ...process.env, DOCKER_HOST: `unix://${SOCKET}`, DOCKER_BUILDKIT: '1' };
  const exited = new Promise<number | null>((resolve) => daemon.once('exit', resolve));
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (daemon.exitCode === null && daemon.signalCode === null) {
      process.kill(daemon.pid!, 'SIGTERM');
      // dockerd stops its containers (10 s each at most) and its containerd before it exits.
      // An unref'd timer: a pending one would keep this process alive for the full minute after dockerd exits.
      const done = await Promise.race([exited, sleep(60_000, 'timeout' as const, { ref: false })]);
      if (done === 'timeout') {
        process.kill(daemon.pid!, 'SIGKILL');
        await exited;
      }
    }
    // A dockerd that died early leaves its data root bind-mounted: undone here, and still reported.
    const left = mountsUnder(STATE).reverse();
    for (const point of left) spawnSync('umount', [point], { stdio: 'inherit' });
    const changes = hostChanges(before, hostState(STATE));
    if (left.length > 0) changes.push(`dockerd left mounts, unmounted now: ${left.join(' ')}`);
    if (changes.length > 0) throw new Error(`dockerd changed the host:\n${changes.join('\n')}`);
    console.log(
      `dockerd (pid ${daemon.pid}) stopped; host network state as before (ip_forward, iptables, links)`,
    );
  };
  for (let attempt = 0; attempt < 120; attempt++) {
    if (probe.answers(docker, env)) {
      console.log(`started dockerd (pid ${daemon.pid}) on ${SOCKET}, --iptables=false --bridge=none`);
      return { docker, env, stop };
    }
    if (daemon.exitCode !== null) break;
    await sleep(500);
  }
  await stop().catch(() => {});
  throw new Error(`dockerd did not answer on ${SOCKET}: see ${join(STATE, 'dockerd.log')}`);
}
