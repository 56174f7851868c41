// The Prometheus Operator and one Prometheus on the local cluster, so that manifests/monitoring (its
// PodMonitors and PrometheusRule) runs for real there: `npm run cluster -- up` calls installMonitoring()
// once the project's images are in the nodes.
//  - built here from source through the Go module proxy, into the cluster's bin/monitoring (builds.ts):
//    the operator and prometheus-config-reloader from a module of ours (go/go.mod) that requires the
//    operator's (its own go.mod points pkg/apis/monitoring and pkg/client at ./pkg/…, which the proxy's
//    zip leaves out: they are modules of their own), and Prometheus in (a copy of) its own module, with
//    Kubernetes service discovery only (`remove_all_sd,enable_kubernetes_sd`: the operator's PodMonitor
//    jobs use nothing else, and the cloud SDKs would double the build);
//  - images on the project's debian:bookworm-slim (images/*/Dockerfile), loaded into the control-plane
//    node only: the operator and Prometheus run there (tolerating its taint), out of reach of faults on
//    the workers;
//  - the operator's CRDs from its module (example/prometheus-operator-crd, server-side: they are too large
//    for the last-applied annotation), then manifests/operator.yaml and manifests/prometheus.yaml.
// Idempotent: on a cluster that has it all, it re-applies the same objects and waits for them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMissing, goBuild, modDir, sourceCopy, type Build } from '../builds.ts';
import type { ClusterEngine } from '../engine.ts';
import { BIN, CACHE, CLUSTER_NAME, KUBECONFIG, PROMETHEUS, PROMETHEUS_OPERATOR } from '../versions.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const OPERATOR_MODULE = 'github.com/prometheus-operator/prometheus-operator';
/** Prometheus' Go module numbers v3.X.Y as v0.3XX.Y. */
const PROMETHEUS_MODULE_VERSION = PROMETHEUS.replace(
  /^v3\.(\d+)\.(\d+)$/,
  (_, minor: string, patch: string) => `v0.3${minor.padStart(2, '0')}.${patch}`,
);

export const MONITORING_NAMESPACE = 'monitoring';
/** The Prometheus object (and so the pod prometheus-k8s-0) that every suite asks. */
export const PROMETHEUS_NAME = 'k8s';
/** Its HTTP API through the API server's service proxy (`kubectl get --raw <this>/api/v1/…`). */
export const PROMETHEUS_PROXY = `/api/v1/namespaces/${MONITORING_NAMESPACE}/services/prometheus-operated:web/proxy`;

const IMAGES = {
  'prometheus-operator': `statefulset-agents/prometheus-operator:${PROMETHEUS_OPERATOR}`,
  'prometheus-config-reloader': `statefulset-agents/prometheus-config-reloader:${PROMETHEUS_OPERATOR}`,
  prometheus: `statefulset-agents/prometheus:${PROMETHEUS}`,
} as const;

/** The version stamps of github.com/prometheus/common/version, as the projects' Makefiles set them. */
function versionLdflags(version: string): string {
  const stamps = {
    Version: version.slice(1),
    Revision: 'unknown',
    Branch: 'HEAD',
    BuildUser: 'statefulset-agents',
    BuildDate: '19700101-00:00:00',
  };
  const flags = Object.entries(stamps).map(
    ([key, value]) => `-X github.com/prometheus/common/version.${key}=${value}`,
  );
  return `-s -w ${flags.join(' ')}`;
}

export const MONITORING_BUILDS: readonly Build[] = [
  {
    name: `prometheus-operator ${PROMETHEUS_OPERATOR}`,
    outputs: ['monitoring/prometheus-operator', 'monitoring/prometheus-config-reloader'],
    run: (out) => {
      mkdirSync(join(out, 'monitoring'));
      for (const [binary, command] of [
        ['prometheus-operator', 'operator'],
        ['prometheus-config-reloader', 'prometheus-config-reloader'],
      ] as const)
        goBuild(
          join(HERE, 'go'),
          join(out, 'monitoring', binary),
          [`${OPERATOR_MODULE}/cmd/${command}`],
          versionLdflags(PROMETHEUS_OPERATOR),
        );
    },
  },
  {
    name: `Prometheus ${PROMETHEUS}`,
    outputs: ['monitoring/prometheus'],
    run: (out) => {
      const src = sourceCopy('github.com/prometheus/prometheus', PROMETHEUS_MODULE_VERSION, out);
      // Its go.work names folders the zip leaves out (and would forbid -mod=mod): the module alone.
      rmSync(join(src, 'go.work'), { force: true });
      mkdirSync(join(out, 'monitoring'));
      goBuild(src, join(out, 'monitoring', 'prometheus'), ['./cmd/prometheus'], versionLdflags(PROMETHEUS), [
        '-mod=mod',
        '-tags',
        'netgo,remove_all_sd,enable_kubernetes_sd',
      ]);
    },
  },
];

function kubectl(args: readonly string[], input?: string): string {
  return execFileSync(join(BIN, 'kubectl'), args, {
    env: { ...process.env, KUBECONFIG },
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** The three images, built from bin/monitoring on the cluster's engine (cached layers when unchanged). */
function buildImages(engine: ClusterEngine): string[] {
  const work = join(CACHE, 'monitoring-images');
  rmSync(work, { recursive: true, force: true });
  try {
    return Object.entries(IMAGES).map(([name, tag]) => {
      const context = join(work, name);
      cpSync(join(HERE, 'images', name), context, { recursive: true });
      cpSync(join(BIN, 'monitoring', name), join(context, name));
      execFileSync(engine.docker, ['build', '--network', 'host', '-q', '-t', tag, context], {
        env: engine.env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      return tag;
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** manifests/*.yaml with the pinned images and versions filled in. */
export function monitoringManifests(): string {
  const values: Record<string, string> = {
    OPERATOR_IMAGE: IMAGES['prometheus-operator'],
    CONFIG_RELOADER_IMAGE: IMAGES['prometheus-config-reloader'],
    PROMETHEUS_IMAGE: IMAGES.prometheus,
    PROMETHEUS_VERSION: PROMETHEUS,
  };
  const dir = join(HERE, 'manifests');
  return ['operator.yaml', 'prometheus.yaml']
    .map((file) =>
      readFileSync(join(dir, file), 'utf8').replace(/__([A-Z_]+)__/g, (placeholder, name: string) => {
        const value = values[name];
        if (value === undefined) throw new Error(`${file}: no value for ${placeholder}`);
        return value;
      }),
    )
    .join('---\n');
}

/** Builds what is missing, loads the images into the control-plane node, installs and waits. */
export function installMonitoring(engine: ClusterEngine): void {
  buildMissing(MONITORING_BUILDS);
  const started = Date.now();
  const images = buildImages(engine);
  execFileSync(
    join(BIN, 'kind'),
    ['load', 'docker-image', '--name', CLUSTER_NAME, '--nodes', `${CLUSTER_NAME}-control-plane`, ...images],
    {
      env: { ...engine.env, PATH: `${dirname(engine.docker)}:${process.env.PATH}` },
      stdio: 'inherit',
    },
  );
  const crds = join(modDir(OPERATOR_MODULE, PROMETHEUS_OPERATOR), 'example', 'prometheus-operator-crd');
  if (readdirSync(crds).length === 0) throw new Error(`no CRDs in ${crds}`);
  kubectl(['apply', '--server-side', '--force-conflicts', '-f', crds]);
  kubectl(['wait', '--for=condition=Established', '--timeout=120s', '-f', crds]);
  kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], monitoringManifests());
  const ns = ['--namespace', MONITORING_NAMESPACE];
  kubectl([...ns, 'rollout', 'status', 'deployment/prometheus-operator', '--timeout=300s']);
  kubectl([...ns, 'wait', '--for=condition=Available', `prometheus/${PROMETHEUS_NAME}`, '--timeout=300s']);
  console.log(
    `cluster: Prometheus Operator ${PROMETHEUS_OPERATOR} and Prometheus ${PROMETHEUS} up in ${((Date.now() - started) / 1000).toFixed(0)} s (namespace ${MONITORING_NAMESPACE}, on the control-plane node)`,
  );
}
