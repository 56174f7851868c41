// The docker client for the image tests, on the engine the global setup started; containers run the
// way the manifests run them (read-only root, uid 1000, no capabilities, no privilege escalation, volumes
// only at the image's writable paths), on an internal network of the test's own.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { HARDENED } from '../../../images/build/hardened.ts';
import type { PodSpec } from '../../../tools/images/pod-spec.ts';

export interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function docker(args: readonly string[], timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      inject('docker'),
      args,
      { env: { ...process.env, ...inject('dockerEnv') }, timeout: timeoutMs, maxBuffer: 32 << 20 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/** Throws with the command's output unless it exits 0. */
export async function dockerOk(args: readonly string[], timeoutMs?: number): Promise<string> {
  const run = await docker(args, timeoutMs);
  if (run.status !== 0)
    throw new Error(`docker ${args.join(' ')} exited ${run.status}:\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

/**
 * `<agent> --help` in a fresh hardened container of the image, with no network; `flags` go to `docker run`
 * before the entrypoint (e.g. `-e NAME=value`).
 */
export function agentHelp(image: string, agent: string, flags: readonly string[] = []): Promise<Run> {
  return docker([
    'run',
    '--rm',
    ...HARDENED,
    '--network',
    'none',
    ...flags,
    '--entrypoint',
    agent,
    image,
    '--help',
  ]);
}

/**
 * The files with a setuid or setgid bit in a fresh container of the image, found by root (so that no
 * directory is left unread) on the image's own filesystem. CIS Docker Benchmark 4.8 asks for none.
 */
export async function setuidFiles(image: string): Promise<string[]> {
  const find = ['/', '-xdev', '-perm', '/6000', '-type', 'f'];
  const run = await dockerOk([
    'run',
    '--rm',
    '--network',
    'none',
    '--user',
    '0',
    '--entrypoint',
    'find',
    image,
    ...find,
  ]);
  return run.split('\n').filter(Boolean);
}

export interface Pod {
  readonly name: string;
  /** `docker exec` in the container. */
  exec(command: readonly string[], timeoutMs?: number): Promise<Run>;
  logs(): Promise<string>;
}

export type { PodSpec } from '../../../tools/images/pod-spec.ts';

/** Containers, volumes and networks of one test file, removed together. */
export class Sandbox {
  readonly id = randomBytes(4).toString('hex');
  readonly network = `sa-test-${this.id}`;
  private readonly containers: string[] = [];
  private readonly volumes: string[] = [];
  private networkCreated = false;

  async start(spec: PodSpec): Promise<Pod> {
    if (!this.networkCreated) {
      // --internal: containers reach each other and nothing else.
      await dockerOk(['network', 'create', '--internal', this.network]);
      this.networkCreated = true;
    }
    const name = `${spec.hostname}-${this.id}`;
    const args = ['run', '-d', '--name', name, ...HARDENED, '--tmpfs', '/tmp', '--network', this.network];
    args.push('--hostname', spec.hostname, '--domainname', spec.domain);
    args.push('--network-alias', `${spec.hostname}.${spec.domain}`);
    for (const [index, path] of spec.volumes.entries()) {
      const volume = `${name}-v${index}`;
      this.volumes.push(volume);
      args.push('--mount', `type=volume,src=${volume},dst=${path}`);
    }
    for (const [key, value] of Object.entries(spec.env)) args.push('-e', `${key}=${value}`);
    args.push(spec.image, ...(spec.args ?? []));
    this.containers.push(name);
    await dockerOk(args);
    return {
      name,
      exec: (command, timeoutMs) => docker(['exec', name, ...command], timeoutMs),
      logs: async () => {
        const run = await docker(['logs', '--tail', '200', name]);
        return run.stdout + run.stderr;
      },
    };
  }

  async remove(): Promise<void> {
    for (const name of this.containers.reverse()) await docker(['rm', '-f', '-v', name], 60_000);
    for (const volume of this.volumes) await docker(['volume', 'rm', '-f', volume]);
    if (this.networkCreated) await docker(['network', 'rm', this.network]);
  }
}

/** GETs the agent's route inside the container (the agent port is not published). */
export async function agentStatus(pod: Pod, port: number, route: string): Promise<number> {
  const script = `fetch('http://127.0.0.1:${port}${route}').then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(2))`;
  const run = await pod.exec(['node', '-e', script], 10_000);
  return run.status === 0 ? 200 : run.status === 1 ? 503 : 0;
}

/** Waits until the agent's /readyz answers 200; fails with the container's log otherwise. */
export async function waitReady(pod: Pod, port: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await agentStatus(pod, port, '/readyz')) === 200) return Date.now() - started;
    const state = await docker(['inspect', '--format', '{{.State.Running}}', pod.name]);
    if (state.stdout.trim() !== 'true') break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`${pod.name} not ready after ${Date.now() - started} ms:\n${await pod.logs()}`);
}
