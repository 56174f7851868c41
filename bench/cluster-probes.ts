// CPU per probe as the real kubelet runs it, on a node of the local cluster: an httpGet readiness probe
// of the agent's /readyz (port 9141) against an exec probe of `zk-agent ok`, which the kubelet runs
// through the CRI: containerd, the pod's shim, runc, and a Node process started in the container.
//
// One ZooKeeper pod of manifests/zookeeper (a single server: replicas and the replica annotation 1)
// pinned to the worker with the fewest pods, in three variants of its StatefulSet, each rolled out in
// turn: no probe at all (idle), the httpGet readiness probe every 2 s, the exec readiness probe every
// 1 s. The startup and liveness probes are taken out of all three, so that the measured probe is the
// only one. Each variant runs a 60 s window once it has settled (30 s); over the window the node's
// kubelet and containerd, the pod's shim, what the shim reaped (runc and the exec'd processes) and the
// pod's long-lived processes are read from the host (lib/cluster-node.ts). In each window every part's
// idle rate (the median of the idle windows') is subtracted and the rest divided by the probes the
// kubelet counted in it (its /metrics/probes); the figure is the median over the windows. The httpGet
// probe runs every 2 s, not 1: the agent reuses a settled answer for up to 1 s
// (agents/core/single-flight.ts), and a 1 s period would hand many probes that answer instead of a
// ZooKeeper request, which no kubelet probing every 10 s (the manifests) ever gets. Three rounds, the
// variants' order reversed in the second, so that a drift in the node's load hits each alike. Other
// suites' pods on the same node are noise this cannot take out (the medians keep one window's burst
// out; the node's whole cgroup is printed, to see how busy it was).
import { kubectl } from '../tools/cluster/kubectl.ts';
import {
  inNamespace,
  nodeContainer,
  probeCounts,
  quietestWorker,
  rendered,
  rolledOut,
} from './lib/cluster-kube.ts';
import {
  nodeCpu,
  nodeProcesses,
  podProcesses,
  type NodeCpu,
  type NodeProcesses,
} from './lib/cluster-node.ts';
import { median } from './lib/measure.ts';
import { sleep } from './lib/proc.ts';
import { fmt, type Row } from './lib/table.ts';

const WINDOW_MS = 60_000;
const SETTLE_MS = 30_000;
const ROUNDS = 3;

type Variant = 'idle' | 'http' | 'exec';
const READINESS: Record<Variant, Record<string, unknown> | undefined> = {
  idle: undefined,
  http: {
    httpGet: { path: '/readyz', port: 'metrics' },
    periodSeconds: 2,
    timeoutSeconds: 2,
    failureThreshold: 2,
  },
  exec: { exec: { command: ['zk-agent', 'ok'] }, periodSeconds: 1, timeoutSeconds: 5, failureThreshold: 2 },
};

type Part = keyof NodeCpu;
const PARTS: readonly Part[] = [
  'kubelet',
  'containerd',
  'shim',
  'reaped',
  'resident',
  'agent',
  'podCgroup',
  'node',
];
/** What a probe's total counts: the pod cgroup is the resident and exec'd processes again, the agent part of the resident. */
const TOTAL: readonly Part[] = ['kubelet', 'containerd', 'shim', 'reaped', 'resident'];
type Usage = Record<Part, number>;

interface Window {
  readonly variant: Variant;
  readonly seconds: number;
  readonly usage: Usage;
  readonly probes: number;
  /** Summed wall time of those probes, as the kubelet timed them. */
  readonly probeSeconds: number;
}

interface StatefulSet {
  spec: {
    replicas: number;
    template: {
      metadata: { annotations: Record<string, string> };
      spec: { nodeSelector?: Record<string, string>; containers: Record<string, unknown>[] };
    };
  };
}

/** manifests/zookeeper as one server on `node`, with only the variant's readiness probe. */
function variantOf(objects: readonly Record<string, unknown>[], node: string, variant: Variant): string {
  const items = structuredClone(objects) as Record<string, unknown>[];
  const set = items.find((item) => item.kind === 'StatefulSet') as unknown as StatefulSet;
  set.spec.replicas = 1;
  const template = set.spec.template;
  template.metadata.annotations['statefulset-agents/replicas'] = '1';
  template.metadata.annotations['bench/probe-variant'] = variant;
  template.spec.nodeSelector = { 'kubernetes.io/hostname': node };
  const container = template.spec.containers[0]!;
  delete container.startupProbe;
  delete container.livenessProbe;
  delete container.readinessProbe;
  if (READINESS[variant]) container.readinessProbe = READINESS[variant];
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

export async function benchClusterProbes(): Promise<Row[]> {
  return inNamespace('sa-bench-probes', async (ns) => {
    const node = await quietestWorker();
    const init = nodeContainer(node).pid;
    const objects = await rendered(ns, 'zookeeper');
    const windows: Window[] = [];
    let runtime: NodeProcesses | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      const order: Variant[] = round % 2 === 0 ? ['idle', 'http', 'exec'] : ['exec', 'http', 'idle'];
      for (const variant of order) {
        process.stderr.write(`bench: cluster-probes round ${round + 1}/${ROUNDS}: ${variant} on ${node}…\n`);
        await kubectl(['-n', ns, 'apply', '-f', '-'], 60_000, variantOf(objects, node, variant));
        await rolledOut(ns, 'zk', 300);
        await kubectl(['-n', ns, 'wait', '--for=condition=Ready', 'pod/zk-0', '--timeout=300s'], 320_000);
        const uid = (
          await kubectl(['-n', ns, 'get', 'pod', 'zk-0', '-o', 'jsonpath={.metadata.uid}'])
        ).trim();
        await sleep(SETTLE_MS); // the JVM's start-up compilation and the agent's first answers settle
        runtime ??= nodeProcesses(init);
        const pod = podProcesses(uid);
        const before = (await probeCounts(node, ns)).get('zk-0/Readiness') ?? { count: 0, seconds: 0 };
        const from = nodeCpu(runtime, pod);
        const started = performance.now();
        await sleep(WINDOW_MS);
        const to = nodeCpu(runtime, pod);
        const seconds = (performance.now() - started) / 1000;
        const after = (await probeCounts(node, ns)).get('zk-0/Readiness') ?? { count: 0, seconds: 0 };
        const usage = Object.fromEntries(PARTS.map((part) => [part, to[part] - from[part]])) as Usage;
        const window = {
          variant,
          seconds,
          usage,
          probes: after.count - before.count,
          probeSeconds: after.seconds - before.seconds,
        };
        windows.push(window);
        process.stderr.write(
          `bench: cluster-probes: ${window.probes} probes in ${seconds.toFixed(1)} s; ms: ` +
            `${PARTS.map((part) => `${part} ${usage[part].toFixed(0)}`).join(', ')}\n`,
        );
      }
    }
    return rows(windows, node);
  });
}

function rows(windows: readonly Window[], node: string): Row[] {
  const of = (variant: Variant) => windows.filter((window) => window.variant === variant);
  // Medians throughout: a pod of another suite starting on the node lands in one window, not all.
  const idleRate = Object.fromEntries(
    PARTS.map((part) => [part, median(of('idle').map((window) => window.usage[part] / window.seconds))]),
  ) as Usage;
  /** Per probe, window by window: each part over the idle rate, over the probes the kubelet counted. */
  const per = (variant: Variant) => {
    const each = of(variant).map((window) => {
      if (window.probes <= 0)
        throw new Error(`the kubelet counted no ${variant} probe in a ${window.seconds.toFixed(0)} s window`);
      const usage = Object.fromEntries(
        PARTS.map((part) => [part, (window.usage[part] - idleRate[part] * window.seconds) / window.probes]),
      ) as Usage;
      return { usage, total: TOTAL.reduce((sum, part) => sum + usage[part], 0) };
    });
    const usage = Object.fromEntries(
      PARTS.map((part) => [part, median(each.map((window) => window.usage[part]))]),
    ) as Usage;
    const probes = of(variant).reduce((sum, window) => sum + window.probes, 0);
    const probeSeconds = of(variant).reduce((sum, window) => sum + window.probeSeconds, 0);
    return {
      usage,
      probes,
      byWindow: each.map((window) => window.total),
      total: median(each.map((window) => window.total)),
      wallMs: (probeSeconds / probes) * 1000,
    };
  };
  const breakdown = ({ usage, byWindow, wallMs }: ReturnType<typeof per>) =>
    `kubelet ${usage.kubelet.toFixed(2)}, containerd ${usage.containerd.toFixed(2)}, shim ${usage.shim.toFixed(2)}, ` +
    `runc + exec'd ${usage.reaped.toFixed(1)}, pod's resident ${usage.resident.toFixed(2)} (agent ${usage.agent.toFixed(2)}) ms, ` +
    `medians by part (pod cgroup ${usage.podCgroup.toFixed(1)} ms; total by window ${byWindow.map((ms) => ms.toFixed(1)).join(', ')} ms; ` +
    `probe wall ${wallMs.toFixed(1)} ms)`;
  const exec = per('exec');
  const http = per('http');
  const rounds = of('idle').length;
  // A figure at or below zero says the probe costs less than the node's noise over the windows.
  const measurable = http.total > 0;
  return [
    {
      name: `exec probe \`zk-agent ok\` (1 s period) via containerd: node CPU per probe (median of ${rounds} windows, ${exec.probes} probes)`,
      value: fmt(exec.total, 'ms', 1),
      baseline: breakdown(exec),
      ratio: '-',
      goal: '-',
      met: undefined,
    },
    {
      name: `httpGet /readyz probe by the kubelet (2 s period): node CPU per probe (median of ${rounds} windows, ${http.probes} probes)`,
      value: fmt(http.total, 'ms', 2),
      baseline: `exec zk-agent ok: ${fmt(exec.total, 'ms', 1)}`,
      ratio: `${(http.total / exec.total).toFixed(3)}x`, // three places: the goal is 0.05
      goal: '≤ 0.05x (1/20)',
      met: measurable ? http.total / exec.total <= 0.05 : undefined,
    },
    {
      name: `  httpGet, where it goes`,
      value: fmt(http.total, 'ms', 2),
      baseline: breakdown(http),
      ratio: '-',
      goal: '-',
      met: undefined,
    },
    {
      name: `  idle (no probe), subtracted: ${node}, ${rounds} windows of ${WINDOW_MS / 1000} s`,
      value: fmt(idleRate.kubelet + idleRate.containerd + idleRate.resident, 'ms/s', 1),
      baseline: `kubelet ${idleRate.kubelet.toFixed(1)}, containerd ${idleRate.containerd.toFixed(1)}, pod ${idleRate.resident.toFixed(1)}, whole node (other suites' pods too) ${idleRate.node.toFixed(0)} ms/s`,
      ratio: '-',
      goal: '-',
      met: undefined,
    },
  ];
}
