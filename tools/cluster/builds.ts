// The cluster's programs, built from source through the Go module proxy into .cache/cluster/…/bin. Each
// build is skipped when its outputs are there; a build writes into a temporary folder and moves its
// outputs in last, so an interrupted build never leaves a binary that looks done. Cold, on 2 cores, the
// whole set takes about 25 minutes (Kubernetes' seven binaries about 9 of them, 1.9 GB peak).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hostMachine } from '../machine.ts';
import {
  BIN,
  CACHE,
  CNI_PLUGINS,
  CONTAINERD,
  COREDNS,
  CRI_TOOLS,
  ETCD,
  HERE,
  KIND,
  KUBERNETES,
  LOCAL_PATH_PROVISIONER,
  PAUSE,
  RUNC,
} from './versions.ts';

export interface Build {
  readonly name: string;
  readonly outputs: readonly string[];
  /** Builds into `out` (a fresh folder). */
  run(out: string): void;
}

export function goEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // Go's own build cache (GOCACHE, per user): a new checkout on the same machine rebuilds only by linking.
  return { ...process.env, GOFLAGS: '-buildvcs=false', CGO_ENABLED: '0', ...extra };
}

function go(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = goEnv()): void {
  execFileSync('nice', ['-n', '10', 'go', ...args], { cwd, env, stdio: 'inherit' });
}

/** Where the Go module cache holds `module@version` (downloaded through the proxy when it is not there). */
export function modDir(module: string, version: string): string {
  const json = execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], {
    cwd: HERE,
    encoding: 'utf8',
    env: goEnv(),
  });
  const dir = (JSON.parse(json) as { Dir?: string }).Dir;
  if (!dir) throw new Error(`go mod download ${module}@${version}: no module directory`);
  return dir;
}

/**
 * A writable copy of a module's source in the build's scratch folder (the module cache is read-only),
 * without its vendor/ (the proxy's zips carry only modules.txt there: the builds use -mod=mod). The
 * scratch folder goes when the build is done.
 */
export function sourceCopy(module: string, version: string, scratch: string): string {
  const copy = join(scratch, 'src');
  cpSync(modDir(module, version), copy, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', copy]);
  rmSync(join(copy, 'vendor'), { recursive: true, force: true });
  return copy;
}

/** `go build` with the flags every build here uses (two jobs, paths trimmed), `extra` before the rest. */
export function goBuild(
  cwd: string,
  output: string,
  packages: readonly string[],
  ldflags: string,
  extra: readonly string[] = [],
): void {
  go(['build', '-p', '2', '-trimpath', ...extra, '-ldflags', ldflags, '-o', output, ...packages], cwd);
}

/** A project's own Makefile, with cgo (containerd and runc build that way, as kind's base image does). */
function make(src: string, args: readonly string[]): void {
  execFileSync('nice', ['-n', '10', 'make', ...args], {
    cwd: src,
    env: goEnv({ CGO_ENABLED: '1' }),
    stdio: 'inherit',
  });
}

/** `-X` stamps the way Kubernetes' hack/lib/version.sh sets them (else the binaries say v0.0.0-master). */
function kubernetesLdflags(): string {
  const [major, minor] = KUBERNETES.slice(1).split('.');
  const stamps = ['k8s.io/client-go/pkg/version', 'k8s.io/component-base/version'].flatMap((pkg) => [
    `-X ${pkg}.gitVersion=${KUBERNETES}`,
    `-X ${pkg}.gitMajor=${major}`,
    `-X ${pkg}.gitMinor=${minor}`,
    `-X ${pkg}.gitCommit=unknown`,
    `-X ${pkg}.gitTreeState=clean`,
    `-X ${pkg}.buildDate=1970-01-01T00:00:00Z`,
  ]);
  return `all=${stamps.join(' ')} -s -w`;
}

const KUBE_COMMANDS = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kube-proxy',
  'kubelet',
  'kubeadm',
  'kubectl',
];

const BUILDS: readonly Build[] = [
  {
    // k8s.io/kubernetes cannot be `go install`ed: its go.mod replaces every staging module with
    // ./staging/…, which the proxy's zip does not have. tools/cluster/go/kubernetes/go.mod requires it and
    // replaces each staging module with its published v0.34.x instead.
    name: `kubernetes ${KUBERNETES}`,
    outputs: KUBE_COMMANDS,
    run: (out) =>
      goBuild(
        join(HERE, 'go', 'kubernetes'),
        `${out}/`,
        KUBE_COMMANDS.map((command) => `k8s.io/kubernetes/cmd/${command}`),
        kubernetesLdflags(),
        ['-tags', 'selinux,notest,grpcnotrace'],
      ),
  },
  {
    name: `kind ${KIND}`,
    outputs: ['kind'],
    run: (out) => go(['install', '-trimpath', `sigs.k8s.io/kind@${KIND}`], HERE, goEnv({ GOBIN: out })),
  },
  {
    // etcd's server module has replace directives too: built as a dependency of a module of ours.
    name: `etcd ${ETCD}`,
    outputs: ['etcd', 'etcdctl'],
    run: (out) => {
      const ldflags = `-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=${ETCD}`;
      for (const [binary, pkg] of [
        ['etcd', 'go.etcd.io/etcd/server/v3'],
        ['etcdctl', 'go.etcd.io/etcd/etcdctl/v3'],
      ] as const) {
        goBuild(join(HERE, 'go', 'etcd'), join(out, binary), [pkg], ldflags);
      }
    },
  },
  {
    // containerd's go.mod has exclude directives: built inside (a copy of) its module, with its Makefile
    // and the tags kind's base image uses. The zip's vendor/ holds only modules.txt, hence -mod=mod.
    name: `containerd ${CONTAINERD}`,
    outputs: ['containerd', 'ctr', 'containerd-shim-runc-v2'],
    run: (out) => {
      const src = sourceCopy('github.com/containerd/containerd/v2', CONTAINERD, out);
      make(src, [
        `VERSION=${CONTAINERD}`,
        'REVISION=unknown',
        'GO_BUILD_FLAGS=-p 2 -trimpath -mod=mod',
        'BUILDTAGS=no_aufs no_zfs no_btrfs no_devmapper',
        'bin/ctr',
        'bin/containerd',
        'bin/containerd-shim-runc-v2',
      ]);
      for (const binary of ['containerd', 'ctr', 'containerd-shim-runc-v2'])
        renameSync(join(src, 'bin', binary), join(out, binary));
    },
  },
  {
    // runc needs cgo and libseccomp (Debian's libseccomp-dev), as kind's base image builds it.
    name: `runc ${RUNC}`,
    outputs: ['runc'],
    run: (out) => {
      const src = sourceCopy('github.com/opencontainers/runc', RUNC, out);
      make(src, [`COMMIT=${RUNC}-0-unknown`, 'EXTRA_FLAGS=-p 2 -mod=mod', 'runc']);
      renameSync(join(src, 'runc'), join(out, 'runc'));
    },
  },
  {
    name: `CNI plugins ${CNI_PLUGINS}`,
    outputs: ['cni/host-local', 'cni/loopback', 'cni/ptp', 'cni/portmap'],
    run: (out) => {
      const src = sourceCopy('github.com/containernetworking/plugins', CNI_PLUGINS, out);
      const ldflags = `-s -w -X github.com/containernetworking/plugins/pkg/utils/buildversion.BuildVersion=${CNI_PLUGINS}`;
      mkdirSync(join(out, 'cni'));
      for (const plugin of ['ipam/host-local', 'main/loopback', 'main/ptp', 'meta/portmap']) {
        const binary = join(out, 'cni', plugin.split('/')[1]!);
        goBuild(src, binary, [`./plugins/${plugin}`], ldflags, ['-mod=mod']);
      }
    },
  },
  {
    name: `crictl ${CRI_TOOLS}`,
    outputs: ['crictl'],
    run: (out) => {
      const src = sourceCopy('sigs.k8s.io/cri-tools', CRI_TOOLS, out);
      const ldflags = `-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=${CRI_TOOLS.slice(1)}`;
      goBuild(src, join(out, 'crictl'), ['./cmd/crictl'], ldflags, ['-mod=mod']);
    },
  },
  {
    name: `CoreDNS ${COREDNS}`,
    outputs: ['coredns'],
    run: (out) =>
      go(['install', '-trimpath', `github.com/coredns/coredns@${COREDNS}`], HERE, goEnv({ GOBIN: out })),
  },
  {
    name: `local-path-provisioner ${LOCAL_PATH_PROVISIONER}`,
    outputs: ['local-path-provisioner'],
    run: (out) => {
      const src = sourceCopy('github.com/rancher/local-path-provisioner', LOCAL_PATH_PROVISIONER, out);
      const ldflags = `-s -w -X main.VERSION=${LOCAL_PATH_PROVISIONER}`;
      goBuild(src, join(out, 'local-path-provisioner'), ['.'], ldflags, ['-mod=mod']);
    },
  },
  {
    // The pod sandbox: Kubernetes' own pause.c (in the k8s.io/kubernetes module), static, as its Makefile.
    name: `pause ${PAUSE}`,
    outputs: ['pause'],
    run: (out) => {
      const source = join(modDir('k8s.io/kubernetes', KUBERNETES), 'build', 'pause', 'linux', 'pause.c');
      execFileSync(
        'gcc',
        ['-Os', '-Wall', '-Werror', '-static', `-DVERSION=v${PAUSE}`, '-o', join(out, 'pause'), source],
        {
          stdio: 'inherit',
        },
      );
      execFileSync('strip', [join(out, 'pause')]);
    },
  },
];

/** Builds whatever is missing; returns the folder of the binaries. */
export function ensureBinaries(): string {
  const machine = hostMachine();
  if (!machine.which('go')) throw new Error('building the cluster needs Go 1.24 or newer on PATH');
  machine.ensure('libseccomp-dev');
  buildMissing(BUILDS);
  return BIN;
}

/**
 * One clear line, before any build starts, when the Go module proxy does not answer: otherwise the first
 * build would fail minutes in, deep in go's output. Asking for a module's version list always goes to
 * the proxy (a download of a cached version would not).
 */
function checkProxy(first: string): void {
  const run = spawnSync('go', ['list', '-m', '-versions', 'sigs.k8s.io/kind'], {
    cwd: HERE,
    env: goEnv(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status === 0) return;
  const proxy = spawnSync('go', ['env', 'GOPROXY'], { encoding: 'utf8' }).stdout.trim();
  const why = (run.stderr || run.error?.message || 'no answer in 60 s').trim().split('\n').pop();
  throw new Error(
    `building ${first} needs the Go module proxy (GOPROXY=${proxy}), which did not answer: ${why}`,
  );
}

/** Runs each build whose outputs are not all in BIN yet, each in a scratch folder of CACHE. */
export function buildMissing(builds: readonly Build[]): void {
  mkdirSync(BIN, { recursive: true });
  const missing = builds.filter((build) => !build.outputs.every((output) => existsSync(join(BIN, output))));
  if (missing.length > 0) checkProxy(missing[0]!.name);
  for (const build of missing) {
    const started = Date.now();
    console.log(`cluster: building ${build.name} (Go module proxy)…`);
    const out = join(CACHE, `.build-${build.outputs[0]!.replace('/', '-')}`);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    build.run(out);
    for (const output of build.outputs) {
      mkdirSync(join(BIN, output, '..'), { recursive: true });
      renameSync(join(out, output), join(BIN, output));
      chmodSync(join(BIN, output), 0o755);
    }
    rmSync(out, { recursive: true, force: true });
    console.log(`cluster: built ${build.name} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}
