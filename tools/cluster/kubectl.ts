// kubectl for the suites and benchmarks on a real cluster: the cluster's own kubectl (built at its version by
// `npm run cluster -- up`) against KUBECONFIG, or the local cluster's .kube/config when none is set, so
// the same suites check an operator's own cluster. Each suite works in a namespace of its own.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, KUBECONFIG } from './versions.ts';

export const KUBECTL = existsSync(join(BIN, 'kubectl')) ? join(BIN, 'kubectl') : 'kubectl';
export const kubeEnv = { ...process.env, KUBECONFIG: process.env.KUBECONFIG ?? KUBECONFIG };

export interface Result {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function kubectlRun(args: readonly string[], timeoutMs = 120_000, input?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(
      KUBECTL,
      args,
      { env: kubeEnv, timeout: timeoutMs, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Throws with kubectl's output unless it exits 0. */
export async function kubectl(args: readonly string[], timeoutMs?: number, input?: string): Promise<string> {
  const run = await kubectlRun(args, timeoutMs, input);
  if (run.status !== 0)
    throw new Error(`kubectl ${args.join(' ')} exited ${run.status}:\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

/** The KRaft cluster id Secret in `ns`, made as docs/deploying.md says: 16 random bytes in base64url. */
export async function createClusterIdSecret(ns: string): Promise<void> {
  const id = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
  await kubectl([
    '-n',
    ns,
    'create',
    'secret',
    'generic',
    'kafka-cluster-id',
    `--from-literal=cluster-id=${id}`,
  ]);
}

/** A namespace of the suite's own, deleted (with its claims) by the returned function. */
export async function namespace(prefix: string): Promise<{ name: string; remove: () => Promise<void> }> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await kubectl(['create', 'namespace', name]);
  return {
    name,
    remove: async () => {
      await kubectlRun(['delete', 'namespace', name, '--wait=true', '--timeout=180s'], 200_000);
    },
  };
}

export function kubectlSync(args: readonly string[]): string {
  return execFileSync(KUBECTL, args, { env: kubeEnv, encoding: 'utf8' });
}

export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** `kubectl exec` in `ns`, shaped as the handbook's verify steps run commands (the handbook's verify steps). */
export function podExec(ns: string) {
  return {
    execWith: 'kubectl',
    exec: async (pod: string, command: readonly string[], timeoutMs: number) => {
      const run = await kubectlRun(['-n', ns, 'exec', pod, '--', ...command], timeoutMs);
      return { ...run, timedOut: false };
    },
  };
}

/**
 * Pod spec fields that place a pod on the control-plane node: clients and load generators go there, so
 * no fault on a worker (a drain, a paused node) ever touches them.
 */
export const ON_CONTROL_PLANE = {
  nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
  tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
} as const;
