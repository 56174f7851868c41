// The benchmarks on the local Kubernetes cluster (`npm run cluster -- up`) reach it through
// tools/cluster/kubectl.ts, each in namespaces of its own (a random suffix), deleted when it ends, also
// when the run is interrupted: the cluster is shared with whoever else runs suites on it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineEnv } from '../../tools/cluster/engine.ts';
import {
  kubeEnv,
  kubectl,
  kubectlRun,
  kubectlSync,
  namespace,
  waitFor,
} from '../../tools/cluster/kubectl.ts';
import { CLUSTER_NAME } from '../../tools/cluster/versions.ts';

/** The row every cluster benchmark prints when no cluster answers. */
export const NOT_UP = 'cluster not up: npm run cluster -- up';

/** Whether the API server answers its readiness endpoint within 10 s. */
export async function clusterReachable(): Promise<boolean> {
  const config = kubeEnv.KUBECONFIG;
  if (config && !existsSync(config)) return false;
  const run = await kubectlRun(['get', '--raw', '/readyz'], 10_000);
  return run.status === 0 && run.stdout.trim() === 'ok';
}

const live = new Set<string>();
let hooked = false;

/** An interrupted run still deletes its namespaces (without waiting), then ends as the signal would. */
function deleteOnSignal(): void {
  if (hooked) return;
  hooked = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      for (const name of live) {
        try {
          kubectlSync(['delete', 'namespace', name, '--wait=false']);
        } catch {
          // already going, or the cluster is gone: nothing more to do
        }
      }
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
}

/** Runs `work` in a namespace of its own (`prefix-xxxxxx`), deleted afterwards whatever happens. */
export async function inNamespace<T>(prefix: string, work: (ns: string) => Promise<T>): Promise<T> {
  deleteOnSignal();
  const ns = await namespace(prefix);
  live.add(ns.name);
  try {
    return await work(ns.name);
  } finally {
    process.stderr.write(`bench: deleting namespace ${ns.name}…\n`);
    await ns.remove();
    live.delete(ns.name);
  }
}

/** kubectl in `ns`. */
export const inNs =
  (ns: string) =>
  (args: readonly string[], timeoutMs?: number, input?: string): Promise<string> =>
    kubectl(['-n', ns, ...args], timeoutMs, input);

/**
 * `kubectl apply -k manifests/<base>` then `rollout status` of its StatefulSet: the seconds between the
 * two, or an error naming what held the pods (a Pending pod's scheduler message, say) after 15 minutes.
 */
export async function applyUntilReady(ns: string, base: string, statefulSet: string): Promise<number> {
  const started = performance.now();
  await kubectl(['-n', ns, 'apply', '-k', join('manifests', base)]);
  await rolledOut(ns, statefulSet);
  return (performance.now() - started) / 1000;
}

/** The objects `kubectl apply -k manifests/<base>` would make in `ns`, to change before applying them. */
export async function rendered(ns: string, base: string): Promise<Record<string, unknown>[]> {
  const list = await kubectl([
    '-n',
    ns,
    'apply',
    '-k',
    join('manifests', base),
    '--dry-run=client',
    '-o',
    'json',
  ]);
  return (JSON.parse(list) as { items: Record<string, unknown>[] }).items;
}

/** `rollout status` of a StatefulSet, with what held its pods when it did not complete. */
export async function rolledOut(ns: string, statefulSet: string, timeoutS = 900): Promise<void> {
  const run = await kubectlRun(
    ['-n', ns, 'rollout', 'status', `statefulset/${statefulSet}`, `--timeout=${timeoutS}s`],
    (timeoutS + 20) * 1000,
  );
  if (run.status === 0) return;
  const pods = await kubectlRun([
    '-n',
    ns,
    'get',
    'pods',
    '-o',
    'jsonpath={range .items[*]}{.metadata.name} {.status.phase} {.status.conditions[?(@.type=="PodScheduled")].message}; {end}',
  ]);
  throw new Error(`statefulset/${statefulSet} not rolled out in ${timeoutS} s: ${pods.stdout}`);
}

/** The local cluster's node containers, on the project's Docker engine. */
export function nodeContainer(node: string): { pid: number } {
  const run = spawnSync('/usr/bin/docker', ['inspect', '--format', '{{.State.Pid}}', node], {
    env: engineEnv(),
    encoding: 'utf8',
  });
  const pid = Number(run.stdout.trim());
  if (run.status !== 0 || !pid)
    throw new Error(
      `no node container ${node} on the project's engine (this benchmark reads the local cluster's nodes from the host): ${run.stderr.trim()}`,
    );
  return { pid };
}

/** The worker with the fewest pods on it, other suites' included (the quietest for a CPU measurement). */
export async function quietestWorker(): Promise<string> {
  const nodes = (await kubectl(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}']))
    .split(' ')
    .filter((name) => name.startsWith(`${CLUSTER_NAME}-worker`));
  const pods = (
    await kubectl([
      'get',
      'pods',
      '-A',
      '--field-selector=status.phase!=Succeeded',
      '-o',
      'jsonpath={.items[*].spec.nodeName}',
    ])
  ).split(' ');
  const count = (node: string) => pods.filter((name) => name === node).length;
  const [quietest] = nodes.sort((a, b) => count(a) - count(b) || a.localeCompare(b));
  if (!quietest) throw new Error('the cluster has no worker nodes');
  return quietest;
}

/** Successful probes the node's kubelet has run, by pod and type (its /metrics/probes histogram count). */
export async function probeCounts(
  node: string,
  ns: string,
): Promise<Map<string, { count: number; seconds: number }>> {
  // Through the API server's node proxy, which now and then fails a request (seen: exit 1, no message).
  const text = await waitFor(`${node}'s /metrics/probes`, 30_000, () =>
    kubectl(['get', '--raw', `/api/v1/nodes/${node}/proxy/metrics/probes`]),
  );
  const counts = new Map<string, { count: number; seconds: number }>();
  for (const line of text.split('\n')) {
    const match = /^prober_probe_duration_seconds_(count|sum)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (labels.namespace !== ns) continue;
    const key = `${labels.pod}/${labels.probe_type}`;
    const entry = counts.get(key) ?? { count: 0, seconds: 0 };
    if (match[1] === 'count') entry.count = Number(match[3]);
    else entry.seconds = Number(match[3]);
    counts.set(key, entry);
  }
  return counts;
}

/** What `npm run cluster -- up` recorded of its last run (tools/cluster/index.ts), if it did. */
export function readUpTimings(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}
