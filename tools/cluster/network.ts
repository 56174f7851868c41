// The pod network. kind's own (kindnetd) cannot be had here: its module is not on the Go module proxy.
// What it does for a kind cluster is small, and the CNI project's own plugins do it: each node gets a
// `ptp` network with `host-local` addresses from the pod CIDR the controller manager gave the node, and
// a route to every other node's pod CIDR through that node's address on the nodes' shared Docker network.
// Written once by `cluster up`, after the nodes joined and before anything is scheduled: the node set of
// this cluster does not change. NetworkPolicy is enforced beside it, by network-policy/ (kindnetd's engine
// needs nftables' queue support, which these kernels lack).
import { execFileSync } from 'node:child_process';
import type { ClusterEngine } from './engine.ts';

interface Node {
  readonly name: string;
  readonly address: string;
  readonly podCIDR: string;
}

function nodes(kubectl: (args: readonly string[]) => string): Node[] {
  const list = JSON.parse(kubectl(['get', 'nodes', '-o', 'json'])) as {
    items: {
      metadata: { name: string };
      spec: { podCIDR?: string };
      status: { addresses: { type: string; address: string }[] };
    }[];
  };
  return list.items.map((item) => {
    const address = item.status.addresses.find((entry) => entry.type === 'InternalIP')?.address;
    if (!address || !item.spec.podCIDR)
      throw new Error(`node ${item.metadata.name} has no InternalIP or podCIDR yet`);
    return { name: item.metadata.name, address, podCIDR: item.spec.podCIDR };
  });
}

export function conflist(podCIDR: string): string {
  return `${JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'pods',
      plugins: [
        {
          type: 'ptp',
          ipMasq: false,
          mtu: 1500,
          ipam: { type: 'host-local', ranges: [[{ subnet: podCIDR }]], routes: [{ dst: '0.0.0.0/0' }] },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
    null,
    2,
  )}\n`;
}

export function setUpPodNetwork(engine: ClusterEngine, kubectl: (args: readonly string[]) => string): void {
  const all = nodes(kubectl);
  for (const node of all) {
    const exec = (command: readonly string[], input?: string) =>
      execFileSync(engine.docker, ['exec', ...(input === undefined ? [] : ['-i']), node.name, ...command], {
        env: engine.env,
        input,
      });
    for (const other of all.filter((peer) => peer !== node))
      exec(['ip', 'route', 'replace', other.podCIDR, 'via', other.address]);
    exec(
      ['sh', '-c', 'mkdir -p /etc/cni/net.d && cat > /etc/cni/net.d/10-pods.conflist'],
      conflist(node.podCIDR),
    );
  }
  console.log(`cluster: pod network on ${all.map((node) => `${node.name} ${node.podCIDR}`).join(', ')}`);
}
