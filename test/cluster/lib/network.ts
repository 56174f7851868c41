// Reachability between pods, as NetworkPolicy decides it: TCP connections made from inside a pod with
// the labels a policy selects on (or without them), by a few lines of Node in the project's ZooKeeper
// image (already in every node; its agent needs Node, and no busybox-like tools are there). Each client
// pod runs as the restricted Pod Security Standard asks, so it may be started in any of the project's
// namespaces.
import { IMAGES } from '../../../images/build/images.ts';
import { kubectl, kubectlRun, waitFor } from '../../../tools/cluster/kubectl.ts';

/** The image every pod here runs: the ZooKeeper image, for its /usr/local/bin/node. */
export const NODE_IMAGE = IMAGES.find((image) => image.tag.includes('/zookeeper:'))!.tag;

/**
 * How a TCP connection attempt ended: `connected` (the socket opened), or why not. `unresolved`: the
 * name did not resolve in time, which says nothing about the policies.
 */
export type Outcome = 'connected' | 'refused' | 'timeout' | 'unreachable' | 'unresolved' | 'error';

/** The outcomes a policy's rules make: kube-router REJECTs (refused); a DROP would time out. */
export function denied(outcome: Outcome): boolean {
  return outcome === 'refused' || outcome === 'timeout' || outcome === 'unreachable';
}

// argv after `node -e SCRIPT`: host, port, timeout in ms. The name is looked up first, on its own, so a
// slow lookup is not taken for a dropped connection; IPv4 only (the cluster is), one query: a pod's first
// parallel A and AAAA queries can lose one to the conntrack race of DNAT'ed UDP and wait 5 s for it.
const CONNECT_SCRIPT = `
const [host, port, ms] = process.argv.slice(1);
const done = (outcome) => { console.log(outcome); process.exit(0); };
let resolved = false;
setTimeout(() => done(resolved ? 'timeout' : 'unresolved'), Number(ms));
require('node:dns').lookup(host, { family: 4 }, (lookupError, address) => {
  if (lookupError) return done('unresolved');
  resolved = true;
  const socket = require('node:net').connect({ host: address, port: Number(port) });
  socket.on('connect', () => done('connected'));
  socket.on('error', (error) => done(
    error.code === 'ECONNREFUSED' ? 'refused'
      : ['EHOSTUNREACH', 'ENETUNREACH'].includes(error.code) ? 'unreachable'
      : 'error ' + error.code));
});
`;

/**
 * A TCP server that greets and closes each connection, for `port`. A client that goes at once resets
 * its connection: that error is the client's, not the server's, so it is ignored.
 */
export function serverCommand(port: number): string[] {
  const script = `require('node:net')
  .createServer((s) => s.on('error', () => {}).end('hello\\n'))
  .listen(${port}, () => console.log('listening'));`;
  return ['node', '-e', script];
}

const RESTRICTED = {
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 1000,
    runAsGroup: 1000,
    seccompProfile: { type: 'RuntimeDefault' },
  },
  containerSecurityContext: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  },
} as const;

/** A pod running `command` in NODE_IMAGE, labelled `labels`, as a manifest for `kubectl apply -f -`. */
export function nodePod(
  name: string,
  labels: Readonly<Record<string, string>>,
  command: readonly string[],
  spec: Readonly<Record<string, unknown>> = {},
  ports: readonly number[] = [],
): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: {
      securityContext: RESTRICTED.securityContext,
      terminationGracePeriodSeconds: 0,
      ...spec,
      containers: [
        {
          name: 'main',
          image: NODE_IMAGE,
          command,
          ports: ports.map((containerPort) => ({ containerPort })),
          // Ready once it listens. The kubelet probes from the pod's own node, which policies let in.
          ...(ports[0] === undefined
            ? {}
            : { readinessProbe: { tcpSocket: { port: ports[0] }, periodSeconds: 2 } }),
          securityContext: RESTRICTED.containerSecurityContext,
          resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
        },
      ],
    },
  });
}

export interface Client {
  readonly name: string;
  /** One connection attempt to host:port from inside the pod. */
  connect(host: string, port: number, timeoutMs?: number): Promise<Outcome>;
  remove(): Promise<void>;
}

/**
 * A long-running pod with `labels` in `ns` to connect from, Ready when this resolves: for probing again
 * and again (a policy's enforcement delay) without a pod start each time.
 */
export async function clientPod(
  ns: string,
  name: string,
  labels: Readonly<Record<string, string>>,
  spec: Readonly<Record<string, unknown>> = {},
): Promise<Client> {
  const idle = ['node', '-e', 'setInterval(() => {}, 1 << 30)'];
  await kubectl(['-n', ns, 'apply', '-f', '-'], undefined, nodePod(name, labels, idle, spec));
  await kubectl(['-n', ns, 'wait', '--for=condition=Ready', `pod/${name}`, '--timeout=180s'], 200_000);
  return {
    name,
    connect: async (host, port, timeoutMs = 3000) => {
      const run = await kubectlRun(
        ['-n', ns, 'exec', name, '--', 'node', '-e', CONNECT_SCRIPT, host, String(port), String(timeoutMs)],
        timeoutMs + 30_000,
      );
      const outcome = run.stdout.trim();
      if (run.status !== 0 || outcome === '')
        throw new Error(`connect from ${name} to ${host}:${port}: exit ${run.status}: ${run.stderr}`);
      return (outcome.startsWith('error') ? 'error' : outcome) as Outcome;
    },
    remove: async () => {
      await kubectlRun(['-n', ns, 'delete', 'pod', name, '--wait=false', '--ignore-not-found']);
    },
  };
}

/**
 * Whether a new pod in `namespace` with `fromLabels` can open a TCP connection to host:port (a pod or
 * service address, or a DNS name the cluster resolves). The pod is made for this and deleted after: a
 * pod the policies have never seen before, as an outsider's would be. A policy that lets it in does so
 * only once the enforcer has added the new pod's address to its rules, a moment after the pod is Ready:
 * so it tries for `settleMs` (one attempt a second) before answering false, and false only when the
 * last attempt was denied (refused, timed out, unreachable); it throws when the name never resolved or
 * the attempt failed otherwise.
 */
export async function canConnect(
  namespace: string,
  fromLabels: Readonly<Record<string, string>>,
  host: string,
  port: number,
  options: { settleMs?: number; spec?: Readonly<Record<string, unknown>> } = {},
): Promise<boolean> {
  const name = `probe-${Math.random().toString(36).slice(2, 8)}`;
  const client = await clientPod(namespace, name, fromLabels, options.spec);
  try {
    const deadline = Date.now() + (options.settleMs ?? 10_000);
    for (;;) {
      const outcome = await client.connect(host, port, 2000);
      if (outcome === 'connected') return true;
      if (Date.now() > deadline) {
        if (denied(outcome)) return false;
        throw new Error(
          `canConnect from ${JSON.stringify(fromLabels)} to ${host}:${port}: ${outcome}, neither open nor denied`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    await client.remove();
  }
}

/**
 * Probes once a second until `client`'s connections to host:port end as `want` says (true: connected,
 * false: denied); resolves with the seconds that took and the outcomes seen before it did.
 */
export async function untilReachable(
  client: Client,
  host: string,
  port: number,
  want: boolean,
  timeoutMs = 120_000,
): Promise<{ seconds: number; before: Outcome[] }> {
  const started = Date.now();
  const before: Outcome[] = [];
  await waitFor(`${client.name} → ${host}:${port} ${want ? 'open' : 'denied'}`, timeoutMs, async () => {
    const outcome = await client.connect(host, port, 1500);
    if (want ? outcome === 'connected' : denied(outcome)) return true;
    before.push(outcome);
    return undefined;
  });
  return { seconds: (Date.now() - started) / 1000, before };
}
