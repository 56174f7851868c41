// NetworkPolicy is enforced on the test cluster (kube-router's firewall, tools/cluster/network-policy), so
// the project's policies can be checked there for real: a server pod, a default-deny ingress policy and a
// policy letting in only pods labelled access=allowed. Both clients reach the server before the policies
// (so a cluster that enforces nothing fails here), only the labelled one after, and both again once the
// policies are gone. The seconds each change took to take effect are printed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, namespace, ON_CONTROL_PLANE } from '../../tools/cluster/kubectl.ts';
import { canConnect, clientPod, nodePod, serverCommand, untilReachable, type Client } from './lib/network.ts';
import { podState } from './lib/pods.ts';

const PORT = 8080;

/** A probe's wait as the log shows it: the seconds, and what the attempts before the last one met. */
const seconds = ({ seconds, before }: { seconds: number; before: readonly string[] }) =>
  `${seconds.toFixed(1)} s${before.length > 0 ? ` (before: ${before.join(', ')})` : ''}`;
const ALLOWED = { access: 'allowed' };

function policies(): string {
  const list = [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-ingress' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'server-from-allowed' },
      spec: {
        podSelector: { matchLabels: { app: 'server' } },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ podSelector: { matchLabels: ALLOWED } }], ports: [{ protocol: 'TCP', port: PORT }] },
        ],
      },
    },
  ];
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: list });
}

let ns: Awaited<ReturnType<typeof namespace>>;
let server: string;
let allowed: Client;
let other: Client;

describe('NetworkPolicy on the test cluster', () => {
  beforeAll(async () => {
    ns = await namespace('sa-np');
    const k = (args: readonly string[], input?: string) => kubectl(['-n', ns.name, ...args], 200_000, input);
    // The server on a worker, the clients on the control-plane node: the policies act on traffic
    // between nodes, the way the project's StatefulSets' peers and clients reach them.
    await k(
      ['apply', '-f', '-'],
      nodePod(
        'server',
        { app: 'server' },
        serverCommand(PORT),
        {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      { key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' },
                    ],
                  },
                ],
              },
            },
          },
        },
        [PORT],
      ),
    );
    await k(['expose', 'pod', 'server', `--port=${PORT}`, '--name=server']);
    [allowed, other] = await Promise.all([
      clientPod(ns.name, 'client-allowed', ALLOWED, ON_CONTROL_PLANE),
      clientPod(ns.name, 'client-other', {}, ON_CONTROL_PLANE),
    ]);
    await k(['wait', '--for=condition=Ready', 'pod/server', '--timeout=180s']);
    server = `server.${ns.name}.svc.cluster.local`;
    // A new Service answers once kube-proxy has written its rules on the client's node, seconds later on
    // a loaded cluster: waited for here, so that the tests' connections depend on the policies alone.
    const open = await untilReachable(allowed, server, PORT, true, 60_000);
    console.log(`network-policy: the new Service answered in ${seconds(open)}`);
  });

  // Refused because the server is down would look like refused by a policy: it must have stayed up.
  afterEach(async () => {
    const state = await podState(ns.name, 'server');
    expect(state).toMatchObject({ ready: true, restarts: 0 });
  });

  afterAll(async () => ns?.remove());

  it('lets both clients in while no policy selects the server', async () => {
    expect(await allowed.connect(server, PORT)).toBe('connected');
    expect(await other.connect(server, PORT)).toBe('connected');
  });

  it('with default-deny and an allow for access=allowed: only the labelled client gets in', async () => {
    await kubectl(['-n', ns.name, 'apply', '-f', '-'], undefined, policies());
    const delay = await untilReachable(other, server, PORT, false);
    console.log(`network-policy: applied → the unlabelled client denied in ${seconds(delay)}`);
    // Repeated: the outcome is the rules', not one lucky or unlucky attempt.
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await allowed.connect(server, PORT)).toBe('connected');
      expect(await other.connect(server, PORT)).toBe('refused');
    }
  });

  it('decides for pods made after the policies too (canConnect: a new pod each time)', async () => {
    const started = Date.now();
    expect(await canConnect(ns.name, ALLOWED, server, PORT, { spec: ON_CONTROL_PLANE })).toBe(true);
    expect(await canConnect(ns.name, { access: 'other' }, server, PORT, { spec: ON_CONTROL_PLANE })).toBe(
      false,
    );
    console.log(`network-policy: two canConnect probes in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it('lets the unlabelled client in again once the policies are deleted', async () => {
    await kubectl(['-n', ns.name, 'delete', 'networkpolicy', '--all']);
    const delay = await untilReachable(other, server, PORT, true);
    console.log(`network-policy: deleted → the unlabelled client connects again in ${seconds(delay)}`);
    expect(await allowed.connect(server, PORT)).toBe('connected');
  });
});
