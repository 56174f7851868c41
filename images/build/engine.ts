// A Docker engine for `npm run images` and `npm run test:images`: the one DOCKER_HOST or the default
// socket reaches, or else (root on Debian) a dockerd of our own from Debian's docker.io, with its data
// root, exec root, socket and pid file under the git-ignored .docker/. Each script starts its own and
// stops it by its pid when done; images and build cache stay in .docker/data for the next script.
//
// It is started so that it leaves the host's network alone (FACTS.md: a default dockerd turns on
// ip_forward, sets FORWARD to DROP, adds DOCKER chains, a MASQUERADE rule and docker0, and leaves them
// after it stops): no iptables rules, no forwarding, no masquerading, no default bridge. Builds use
// `--network host` (the registries), tests a network of their own (containers talk only to each other).
// The host's state is read before and compared after; a difference fails the run.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from './paths.ts';
import { hostChanges, hostState, mountsUnder } from './host-state.ts';

const STATE = join(REPO_ROOT, '.docker');
const SOCKET = join(STATE, 'docker.sock');
const PID_FILE = join(STATE, 'dockerd.pid');
/** Debian's client does BuildKit; the /usr/local/bin/docker 28.x found here has no buildx (FACTS.md). */
const DEBIAN_CLIENT = '/usr/bin/docker';

export interface Engine {
  /** The docker client to run. */
  readonly docker: string;
  /** Environment for it (DOCKER_HOST, DOCKER_BUILDKIT). */
  readonly env: NodeJS.ProcessEnv;
  /** Stops the engine if this process started it, and checks that the host is as it was. */
  stop(): Promise<void>;
}

function client(): string {
  return existsSync(DEBIAN_CLIENT) ? DEBIAN_CLIENT : 'docker';
}

function answers(docker: string, env: NodeJS.ProcessEnv): boolean {
  return (
    spawnSync(docker, ['version', '--format', '{{.Server.Version}}'], { env, stdio: 'ignore' }).status === 0
  );
}

function installDockerIo(): void {
  if (existsSync('/usr/sbin/dockerd') && existsSync(DEBIAN_CLIENT)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      "no Docker engine reachable (DOCKER_HOST, /var/run/docker.sock) and not root: start one, or run as root to let this script start Debian's docker.io",
    );
  }
  console.log("installing Debian's docker.io (no Docker engine reachable)…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'docker.io'], {
    stdio: 'inherit',
    env,
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startEngine(): Promise<Engine> {
  const docker = client();
  const outside = { ...process.env, DOCKER_BUILDKIT: '1' };
  if (process.env.DOCKER_HOST || answers(docker, outside)) {
    console.log(`using the Docker engine at ${process.env.DOCKER_HOST ?? 'the default socket'}`);
    return { docker, env: outside, stop: async () => {} };
  }
  installDockerIo();
  mkdirSync(STATE, { recursive: true });
  if (existsSync(PID_FILE)) {
    const pid = Number(readFileSync(PID_FILE, 'utf8'));
    if (alive(pid))
      throw new Error(`a dockerd of ours already runs (pid ${pid}, ${PID_FILE}): stop it first`);
  }
  const before = hostState(STATE);
  const log = openSync(join(STATE, 'dockerd.log'), 'a');
  const daemon = spawn(
    '/usr/sbin/dockerd',
    [
      `--data-root=${join(STATE, 'data')}`,
      `--exec-root=${join(STATE, 'exec')}`,
      `--host=unix://${SOCKET}`,
      `--pidfile=${PID_FILE}`,
      '--iptables=false',
      '--ip-forward=false',
      '--ip-masq=false',
      '--bridge=none',
      '--log-level=warn',
    ],
    { stdio: ['ignore', log, log], detached: true },
  );
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
    if (answers(docker, env)) {
      console.log(`started dockerd (pid ${daemon.pid}) on ${SOCKET}, --iptables=false --bridge=none`);
      return { docker, env, stop };
    }
    if (daemon.exitCode !== null) break;
    await sleep(500);
  }
  await stop().catch(() => {});
  throw new Error(`dockerd did not answer on ${SOCKET}: see ${join(STATE, 'dockerd.log')}`);
}
