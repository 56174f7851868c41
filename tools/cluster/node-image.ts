// kind's node image, built here the way kind's own `build node-image` builds it
// (pkg/build/nodeimage/buildcontext.go in sigs.k8s.io/kind), but with nothing pulled: that command fetches
// etcd, CoreDNS, pause and the storage images from their registries even with `--type file`.
//  1. the base image (kind's images/base: systemd, containerd, runc, crictl, the CNI plugins, kind's files
//     from its module) on the project's debian:bookworm-slim;
//  2. the images kubeadm and kind run, each built from the binaries built here and tagged with the name
//     they are asked for by (registry.k8s.io/kube-apiserver:v1.34.4, …), so the kubelet finds them;
//  3. kubeadm, kubelet and kubectl in /usr/bin, /kind/version, /kind/manifests, every image imported into
//     containerd's k8s.io namespace (pinned), and the container committed with kind's entrypoint.
// The image carries a label with a hash of its recipe: a node image of another recipe is built anew.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { modDir } from './builds.ts';
import type { ClusterEngine } from './engine.ts';
import { BASE_IMAGE, BIN, CACHE, HERE, KIND, KUBERNETES, NODE_IMAGE } from './versions.ts';

const LABEL = 'statefulset-agents.kind-node-recipe';

/** A string constant of kind's pkg/build/nodeimage (image names, the storage manifest). */
function kindConstant(kindDir: string, name: string): string {
  return execFileSync('go', ['run', '.', kindDir, name], {
    cwd: join(HERE, 'go', 'kindconsts'),
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '-buildvcs=false' },
  });
}

function recipe(): string {
  const hash = createHash('sha256').update(`${KUBERNETES} ${KIND}`);
  for (const dir of readdirSync(join(HERE, 'images')).sort())
    for (const file of readdirSync(join(HERE, 'images', dir)).sort())
      hash.update(readFileSync(join(HERE, 'images', dir, file)));
  hash.update(readFileSync(join(HERE, 'node-image.ts')));
  return hash.digest('hex').slice(0, 16);
}

export function ensureNodeImage(engine: ClusterEngine): string {
  const docker = (args: readonly string[], input?: Buffer | string) =>
    execFileSync(engine.docker, args, {
      env: engine.env,
      input,
      stdio: input === undefined ? ['ignore', 'pipe', 'inherit'] : ['pipe', 'pipe', 'inherit'],
      maxBuffer: 1 << 30,
    });
  const want = recipe();
  const found = spawnSync(
    engine.docker,
    ['image', 'inspect', '--format', `{{index .Config.Labels "${LABEL}"}}`, NODE_IMAGE],
    {
      env: engine.env,
      encoding: 'utf8',
    },
  );
  if (found.status === 0 && found.stdout.trim() === want) return NODE_IMAGE;
  const started = Date.now();
  const kindDir = modDir('sigs.k8s.io/kind', KIND);
  const work = join(CACHE, 'node-image');
  rmSync(work, { recursive: true, force: true });
  const build = (tag: string, dir: string, files: Record<string, string>, args: string[] = []) => {
    const context = join(work, dir);
    mkdirSync(context, { recursive: true });
    cpSync(join(HERE, 'images', dir), context, { recursive: true });
    for (const [name, from] of Object.entries(files)) cpSync(from, join(context, name), { recursive: true });
    console.log(`cluster: docker build ${tag}`);
    docker(['build', '--force-rm', '--network', 'host', '-q', ...args, '-t', tag, context]);
  };

  // 1. The base image.
  build(BASE_IMAGE, 'base', {
    files: join(kindDir, 'images', 'base', 'files'),
    'bin/containerd': join(BIN, 'containerd'),
    'bin/ctr': join(BIN, 'ctr'),
    'bin/containerd-shim-runc-v2': join(BIN, 'containerd-shim-runc-v2'),
    'bin/runc': join(BIN, 'runc'),
    'bin/crictl': join(BIN, 'crictl'),
    'bin/cni': join(BIN, 'cni'),
  });
  spawnSync('chmod', ['-R', 'u+w', work]);

  // 2. The images the nodes run, by the names kubeadm and kind ask for.
  const kubeadmImages = execFileSync(
    join(BIN, 'kubeadm'),
    ['config', 'images', 'list', '--kubernetes-version', KUBERNETES],
    {
      encoding: 'utf8',
    },
  )
    .trim()
    .split('\n');
  const named = (component: string) => {
    const image = kubeadmImages.find((name) => name.includes(`/${component}:`));
    if (!image) throw new Error(`kubeadm lists no ${component} image: ${kubeadmImages.join(' ')}`);
    return image;
  };
  for (const component of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'])
    build(named(component), 'kube', { [component]: join(BIN, component) }, [
      '--build-arg',
      `BIN=${component}`,
    ]);
  build(named('kube-proxy'), 'kube-proxy', { 'kube-proxy': join(BIN, 'kube-proxy') });
  build(named('etcd'), 'etcd', { etcd: join(BIN, 'etcd'), etcdctl: join(BIN, 'etcdctl') });
  build(named('coredns'), 'coredns', { coredns: join(BIN, 'coredns') });
  build(named('pause'), 'pause', { pause: join(BIN, 'pause') });
  // containerd's sandbox image in kind's config may be another tag of pause: the same image.
  const sandbox = /sandbox_image = "([^"]+)"/.exec(
    readFileSync(join(kindDir, 'images', 'base', 'files', 'etc', 'containerd', 'config.toml'), 'utf8'),
  )?.[1];
  if (sandbox) docker(['tag', named('pause'), sandbox]);
  const provisioner = kindConstant(kindDir, 'storageProvisionerImage');
  const helper = kindConstant(kindDir, 'storageHelperImage');
  build(provisioner, 'lpp', { 'local-path-provisioner': join(BIN, 'local-path-provisioner') });
  build(helper, 'lpp-helper', {});
  const images = [...kubeadmImages, ...(sandbox ? [sandbox] : []), provisioner, helper];

  // 3. The node image.
  const tar = join(work, 'images.tar');
  docker(['save', '-o', tar, ...images]);
  const id = `kind-node-build-${process.pid}`;
  docker([
    'run',
    '-d',
    '--entrypoint=sleep',
    `--name=${id}`,
    '--security-opt',
    'seccomp=unconfined',
    BASE_IMAGE,
    'infinity',
  ]);
  try {
    for (const binary of ['kubeadm', 'kubelet', 'kubectl'])
      docker(['cp', join(BIN, binary), `${id}:/usr/bin/${binary}`]);
    const exec = (command: string, input?: string | Buffer) =>
      docker(['exec', ...(input === undefined ? [] : ['-i']), id, 'bash', '-c', command], input);
    exec('chown root:root /usr/bin/kubeadm /usr/bin/kubelet /usr/bin/kubectl && mkdir -p /kind/manifests');
    exec('cat > /kind/version', KUBERNETES);
    // The pod network is set up by `cluster up` (network.ts); kind asks for the file all the same.
    exec(
      'cat > /kind/manifests/default-cni.yaml',
      '# the pod network is set up by `npm run cluster -- up`\n',
    );
    exec('cat > /kind/manifests/default-storage.yaml', kindConstant(kindDir, 'defaultStorageManifest'));
    // Nobody on these machines may lower an oom_score_adj (no CAP_SYS_RESOURCE in any bounding set), and
    // runc makes the failed write of a pod's negative score fatal ("can't get final child's PID from
    // pipe: EOF"): kind's own switch for that case clamps the scores to containerd's own.
    exec(
      `sed -i 's/^\\( *restrict_oom_score_adj =\\) false/\\1 true/' /etc/containerd/config.toml && grep -q '^ *restrict_oom_score_adj = true' /etc/containerd/config.toml`,
    );
    exec(
      '(containerd > /dev/null 2>&1 &) ; for i in $(seq 50); do [ -S /run/containerd/containerd.sock ] && break; sleep 0.2; done; ctr info > /dev/null',
    );
    exec(
      'ctr --namespace=k8s.io images import --label=io.cri-containerd.pinned=pinned --all-platforms --no-unpack --digests -',
      readFileSync(tar),
    );
    exec(
      'pkill containerd; for i in $(seq 50); do pgrep -x containerd > /dev/null || break; sleep 0.2; done',
    );
    docker([
      'commit',
      '--change',
      'ENTRYPOINT [ "/usr/local/bin/entrypoint", "/sbin/init" ]',
      '--change',
      `LABEL ${LABEL}=${want}`,
      id,
      NODE_IMAGE,
    ]);
  } finally {
    spawnSync(engine.docker, ['rm', '-f', '-v', id], { env: engine.env, stdio: 'ignore' });
    rmSync(work, { recursive: true, force: true });
  }
  spawnSync(engine.docker, ['image', 'prune', '-f'], { env: engine.env, stdio: 'ignore' });
  console.log(`cluster: node image ${NODE_IMAGE} built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return NODE_IMAGE;
}
