// `npm run cluster -- up | down | status | env`: a local Kubernetes cluster (kind: one control-plane node
// and three workers, which the manifests' required anti-affinity needs) on the project's Docker engine,
// every part of it an upstream program built here (builds.ts, node-image.ts).
//   up      builds what is missing, starts the engine, creates the cluster, sets up the pod network,
//           loads the project's images into the nodes, writes .kube/config
//   down    deletes the cluster, stops the engine if `up` started it, and checks the host is as found
//   load    builds the project's images again and loads them into the running cluster's nodes (after a
//           change to the agents or the images; pods already running keep the image they started with)
//   status  the nodes, and the project's images on them
//   env     `export KUBECONFIG=…` and a PATH with the cluster's own kubectl first
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildAll } from '../../images/build/build.ts';
import { IMAGES } from '../../images/build/images.ts';
import { ensureBaseImages } from '../../images/build/stand-ins.ts';
import { hostMachine } from '../machine.ts';
import { buildMissing, ensureBinaries } from './builds.ts';
import { engineEnv, startClusterEngine, stopClusterEngine, type ClusterEngine } from './engine.ts';
import { installMonitoring } from './monitoring/index.ts';
import { installNetworkPolicy, NETWORK_POLICY_BUILDS } from './network-policy/index.ts';
import { setUpPodNetwork } from './network.ts';
import { ensureNodeImage } from './node-image.ts';
import { BIN, CLUSTER_NAME, KUBECONFIG, KUBERNETES, STATE } from './versions.ts';

const KIND_CONFIG = `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
networking:
  disableDefaultCNI: true
nodes:
  - role: control-plane
  - role: worker
  - role: worker
  - role: worker
`;

const UP_MARK = join(STATE, 'up');

function kind(engine: ClusterEngine, args: readonly string[]): void {
  execFileSync(join(BIN, 'kind'), args, {
    env: { ...engine.env, PATH: `${dirname(engine.docker)}:${process.env.PATH}`, KUBECONFIG },
    stdio: 'inherit',
  });
}

export function kubectl(args: readonly string[]): string {
  return execFileSync(join(BIN, 'kubectl'), args, { env: { ...process.env, KUBECONFIG }, encoding: 'utf8' });
}

/** One clear line for each situation `up` cannot go on from, before anything is changed. */
function preflight(): void {
  if (process.getuid?.() !== 0)
    throw new Error('the cluster needs root: it starts dockerd and privileged node containers');
  const cgroup = statfsSync('/sys/fs/cgroup');
  // tmpfs: cgroup v1 (Kubernetes 1.34's kubelet still runs on it); cgroup2fs: v2.
  if (![0x01021994, 0x63677270].includes(Number(cgroup.type)))
    throw new Error(
      `/sys/fs/cgroup is neither cgroup v1 (tmpfs) nor v2 (cgroup2fs): type 0x${Number(cgroup.type).toString(16)}`,
    );
  if (existsSync(UP_MARK))
    throw new Error(`a cluster is already up (${UP_MARK}): npm run cluster -- down first`);
}

async function up(): Promise<void> {
  const started = Date.now();
  preflight();
  ensureBinaries();
  // Before the engine starts, with the other builds: nothing waits on a running cluster meanwhile.
  buildMissing(NETWORK_POLICY_BUILDS);
  const binaries = Date.now();
  mkdirSync(STATE, { recursive: true });
  const engine = await startClusterEngine();
  writeFileSync(UP_MARK, new Date().toISOString());
  try {
    const images = { ...engine, stop: async () => {} };
    ensureBaseImages(images, hostMachine());
    const node = ensureNodeImage(engine);
    const built = buildAll(images);
    const created = Date.now();
    const config = join(STATE, 'kind.yaml');
    writeFileSync(config, KIND_CONFIG);
    mkdirSync(dirname(KUBECONFIG), { recursive: true });
    kind(engine, [
      'create',
      'cluster',
      '--name',
      CLUSTER_NAME,
      '--image',
      node,
      '--config',
      config,
      '--kubeconfig',
      KUBECONFIG,
    ]);
    setUpPodNetwork(engine, kubectl);
    kubectl(['wait', '--for=condition=Ready', 'nodes', '--all', '--timeout=300s']);
    const ready = Date.now();
    // Before any suite's pod exists, so that every policy a suite applies is enforced from the start.
    installNetworkPolicy(engine);
    const enforcing = Date.now();
    kind(engine, ['load', 'docker-image', '--name', CLUSTER_NAME, ...built.map(({ image }) => image.tag)]);
    kubectl([
      'wait',
      '--for=condition=Available',
      '--namespace=kube-system',
      'deployment/coredns',
      '--timeout=300s',
    ]);
    installMonitoring(engine);
    console.log(
      `cluster: up, ${KUBERNETES}: kind create to all nodes Ready ${((ready - created) / 1000).toFixed(1)} s; ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
    );
    console.log(envLines());
    // For `npm run bench -- cluster-up` (bench/cluster-up.ts).
    const seconds = (from: number, to = Date.now()) => (to - from) / 1000;
    writeFileSync(
      join(STATE, 'timings.json'),
      JSON.stringify({
        at: new Date().toISOString(),
        binariesSeconds: seconds(started, binaries),
        createToReadySeconds: seconds(created, ready),
        networkPolicySeconds: seconds(ready, enforcing),
        totalSeconds: seconds(started),
      }),
    );
  } catch (error) {
    console.error(`cluster up failed: ${(error as Error).message}; taking down what was made`);
    await down();
    throw error;
  }
}

async function down(): Promise<void> {
  const env = engineEnv();
  if (spawnSync('/usr/bin/docker', ['version'], { env, stdio: 'ignore' }).status === 0) {
    spawnSync(join(BIN, 'kind'), ['delete', 'cluster', '--name', CLUSTER_NAME, '--kubeconfig', KUBECONFIG], {
      env: { ...env, PATH: `/usr/bin:${process.env.PATH}` },
      stdio: 'inherit',
    });
    spawnSync('/usr/bin/docker', ['network', 'rm', 'kind'], { env, stdio: 'ignore' });
  }
  const changes = await stopClusterEngine();
  rmSync(UP_MARK, { force: true });
  rmSync(KUBECONFIG, { force: true });
  if (changes.length > 0) throw new Error(`the host is not as it was found:\n${changes.join('\n')}`);
  console.log('cluster: down; the host is as it was found (network, iptables, links, mounts, sysctls)');
}

function load(): void {
  if (!existsSync(UP_MARK)) throw new Error('no cluster is up: npm run cluster -- up');
  const engine = { docker: '/usr/bin/docker', env: engineEnv() };
  const built = buildAll({ ...engine, stop: async () => {} });
  kind(engine, ['load', 'docker-image', '--name', CLUSTER_NAME, ...built.map(({ image }) => image.tag)]);
  console.log(`cluster: loaded ${built.map(({ image }) => image.tag).join(', ')}`);
}

function status(): void {
  if (!existsSync(UP_MARK)) {
    console.log('cluster: down');
    return;
  }
  console.log(`cluster: up since ${readFileSync(UP_MARK, 'utf8')}`);
  console.log(kubectl(['get', 'nodes', '-o', 'wide']));
  const engine = { docker: '/usr/bin/docker', env: engineEnv() };
  for (const image of IMAGES) {
    const on = spawnSync(
      engine.docker,
      ['exec', `${CLUSTER_NAME}-worker`, 'crictl', 'images', '-q', image.tag],
      {
        env: engine.env,
        encoding: 'utf8',
      },
    );
    console.log(`${image.tag}: ${on.stdout.trim() ? 'loaded' : 'not loaded'}`);
  }
}

function envLines(): string {
  return `export KUBECONFIG=${KUBECONFIG}\nexport PATH=${BIN}:$PATH`;
}

const verb = process.argv[2];
const verbs: Record<string, () => unknown> = {
  up,
  down,
  load,
  status,
  env: () => console.log(envLines()),
};
if (!verb || !verbs[verb]) {
  console.error('usage: npm run cluster -- up | down | load | status | env');
  process.exitCode = 2;
} else {
  try {
    await verbs[verb]!();
  } catch (error) {
    console.error(`cluster ${verb}: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
