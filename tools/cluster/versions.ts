// What the local cluster is made of, pinned. Every program is upstream's, built here from source through
// the Go module proxy (or, for the node's systemd and the like, taken from Debian's packages):
//  - Kubernetes 1.34: kubelet 1.35 and later refuse cgroup v1 by default, and these machines have v1;
//  - kind v0.30.0: the last release that accepts cgroup v1 (bookworm base, systemd 252);
//  - containerd, runc, the CNI plugins and local-path-provisioner at the versions kind v0.30.0 pins;
//  - etcd, CoreDNS and pause at the versions kubeadm 1.34.4 asks for (`kubeadm config images list`);
//  - the Prometheus Operator v0.93.1 (for manifests/monitoring, tools/cluster/monitoring): the newest
//    release whose three modules (the operator, pkg/apis/monitoring, pkg/client) the proxy all serves
//    (v0.94's pkg/client it does not), and Prometheus v3.13.1, that release's default and the newest
//    of its compatibility matrix (v2.45.0 to v3.13.1): Debian's prometheus 2.42.0, which `npm test`
//    runs, is older than the oldest the operator supports, so Prometheus is built here too;
//  - kube-router v2.1.0 (tools/cluster/network-policy), for NetworkPolicy enforcement only.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const HERE = fileURLToPath(new URL('.', import.meta.url));

export const KUBERNETES = 'v1.34.4';
/** The staging modules' tag that goes with KUBERNETES (k8s.io/api v0.34.4, …). */
export const KIND = 'v0.30.0';
export const ETCD = 'v3.6.5';
export const CONTAINERD = 'v2.1.4';
export const RUNC = 'v1.3.0';
export const CNI_PLUGINS = 'v1.7.1';
export const CRI_TOOLS = 'v1.34.0';
export const COREDNS = 'v1.12.1';
export const LOCAL_PATH_PROVISIONER = 'v0.0.30';
export const PAUSE = '3.10.1';
export const PROMETHEUS_OPERATOR = 'v0.93.1';
export const PROMETHEUS = 'v3.13.1';
/**
 * The only version of kube-router the Go module proxy serves here. Security flaws are reported for
 * v2.1.0: it is a test-cluster add-on only (its firewall controller, nothing else running), never part
 * of what the project ships or of its manifests. It is used because nothing else enforces NetworkPolicy
 * on these kernels (tools/cluster/network-policy/index.ts says why); replace it with a fixed release
 * as soon as the proxy serves one.
 */
export const KUBE_ROUTER = 'v2.1.0';

/** Everything built lands here (git-ignored); a new pin builds anew beside the old. */
export const CACHE = join(REPO_ROOT, '.cache', 'cluster', `k8s-${KUBERNETES}-kind-${KIND}`);
export const BIN = join(CACHE, 'bin');

export const CLUSTER_NAME = 'statefulset-agents';
export const NODE_IMAGE = `statefulset-agents/kind-node:${KUBERNETES}`;
export const BASE_IMAGE = `statefulset-agents/kind-base:${KIND}`;
/** The kubeconfig `up` writes, and the folder of the cluster's state (what `down` puts back). */
export const KUBECONFIG = join(REPO_ROOT, '.kube', 'config');
export const STATE = join(REPO_ROOT, '.kube', 'state');
