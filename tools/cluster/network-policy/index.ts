// NetworkPolicy enforcement on the local cluster, so that a suite can show a policy denying a pod (and the
// project's secure manifests' policies can be checked for real): `npm run cluster -- up` calls
// installNetworkPolicy() once the nodes are Ready.
// The pod network (network.ts: the CNI project's ptp and host-local) enforces nothing, and the usual
// enforcers cannot run on these kernels: kindnetd's policy support and sigs.k8s.io/kube-network-policies
// (v0.7.0, v0.8.0: their only mode sends each new connection to user space through nftables' `queue`
// statement) need CONFIG_NFT_QUEUE, which the kernel lacks. kube-router's firewall needs only iptables
// and ipset (CONFIG_IP_SET, CONFIG_NETFILTER_XT_SET), which it has; its controller matches pods by
// address in the FORWARD, INPUT and OUTPUT chains, so it works with ptp's routed (not bridged) pods.
//  - built here from source through the Go module proxy (its go.mod has no replace directives, so
//    `go install module@version`), into the cluster's bin/network-policy;
//  - one image on the project's debian:bookworm-slim (image/Dockerfile), loaded into every node;
//  - a DaemonSet in kube-system (manifests/kube-router.yaml), waited for until it runs on every node.
// Idempotent: on a cluster that has it, it re-applies the same objects and waits for them.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMissing, goEnv, modDir, type Build } from '../builds.ts';
import type { ClusterEngine } from '../engine.ts';
import { KUBECTL, kubeEnv, kubectlSync } from '../kubectl.ts';
import { BIN, CACHE, CLUSTER_NAME, KUBE_ROUTER } from '../versions.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const MODULE = 'github.com/cloudnativelabs/kube-router/v2';
const IMAGE = `statefulset-agents/kube-router:${KUBE_ROUTER}`;
/** kind's default service subnet: KIND_CONFIG (index.ts) sets no other. */
const SERVICE_CIDR = '10.96.0.0/16';

export const NETWORK_POLICY_BUILDS: readonly Build[] = [
  {
    name: `kube-router ${KUBE_ROUTER}`,
    outputs: ['network-policy/kube-router'],
    run: (out) => {
      mkdirSync(join(out, 'network-policy'));
      // The stamps its Makefile sets (else it reports an empty version).
      const stamps = [`Version=${KUBE_ROUTER}`, 'BuildDate=1970-01-01T00:00:00Z'].map(
        (stamp) => `-X ${MODULE}/pkg/version.${stamp}`,
      );
      execFileSync(
        'nice',
        [
          '-n',
          '10',
          'go',
          'install',
          '-p',
          '2',
          '-trimpath',
          '-ldflags',
          `-s -w ${stamps.join(' ')}`,
          `${MODULE}/cmd/kube-router@${KUBE_ROUTER}`,
        ],
        { cwd: HERE, env: goEnv({ GOBIN: join(out, 'network-policy') }), stdio: 'inherit' },
      );
    },
  },
];

/**
 * The image: image/Dockerfile over a context of the binary and the module's iptables wrapper alone
 * (cached layers when unchanged).
 */
function buildImage(engine: ClusterEngine): string {
  const context = join(CACHE, 'network-policy-image');
  rmSync(context, { recursive: true, force: true });
  mkdirSync(context, { recursive: true });
  const assets = join(modDir(MODULE, KUBE_ROUTER), 'build', 'image-assets');
  cpSync(join(assets, 'iptables-wrapper-installer.sh'), join(context, 'iptables-wrapper-installer.sh'));
  cpSync(join(BIN, 'network-policy', 'kube-router'), join(context, 'kube-router'));
  const dockerfile = join(HERE, 'image', 'Dockerfile');
  const build = spawnSync(
    engine.docker,
    ['build', '--force-rm', '--network', 'host', '-q', '-t', IMAGE, '-f', dockerfile, context],
    { env: engine.env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  rmSync(context, { recursive: true, force: true });
  if (build.status !== 0) throw new Error(`docker build ${IMAGE} exited ${build.status}`);
  return IMAGE;
}

/** manifests/kube-router.yaml with the image and the service subnet filled in. */
export function networkPolicyManifest(): string {
  return readFileSync(join(HERE, 'manifests', 'kube-router.yaml'), 'utf8')
    .replaceAll('__IMAGE__', IMAGE)
    .replaceAll('__SERVICE_CIDR__', SERVICE_CIDR);
}

/** Builds what is missing, loads the image into every node, installs and waits for the DaemonSet. */
export function installNetworkPolicy(engine: ClusterEngine): void {
  buildMissing(NETWORK_POLICY_BUILDS);
  const started = Date.now();
  const image = buildImage(engine);
  execFileSync(join(BIN, 'kind'), ['load', 'docker-image', '--name', CLUSTER_NAME, image], {
    env: { ...engine.env, PATH: `${dirname(engine.docker)}:${process.env.PATH}` },
    stdio: 'inherit',
  });
  execFileSync(KUBECTL, ['apply', '-f', '-'], { env: kubeEnv, input: networkPolicyManifest() });
  kubectlSync(['--namespace', 'kube-system', 'rollout', 'status', 'daemonset/kube-router', '--timeout=300s']);
  console.log(
    `cluster: kube-router ${KUBE_ROUTER} enforcing NetworkPolicy in ${((Date.now() - started) / 1000).toFixed(0)} s (DaemonSet kube-system/kube-router)`,
  );
}
