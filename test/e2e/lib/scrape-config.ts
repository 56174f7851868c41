// PodMonitors as the Prometheus Operator turns them into scrape configs, for pods the local runner
// runs (there is no API server for Prometheus' kubernetes_sd to watch). Pure: monitors and pod plans in,
// scrape_configs out.
//
// The operator's config (pkg/prometheus/promcfg.go, generatePodMonitorConfig) is one job per monitor
// endpoint, `podMonitor/<ns>/<name>/<i>`, whose kubernetes_sd (role pod) yields one target per
// container port with __meta_kubernetes_pod_* labels, and whose relabel_configs select and label them.
// Here each pod's container ports become static targets carrying the same meta labels, and the
// relabelings are the operator's, in its order, followed by the endpoint's own: Prometheus itself
// applies them, so selection (matchLabels, matchExpressions, the named port) and the target labels
// (namespace, container, pod, endpoint, job from jobLabel, podTargetLabels) are exactly its own.
//
// One difference: __address__ is `<pod name>:<containerPort>`, not `<pod IP>:<port>`, so `instance`
// says the pod's name. The runner's pods keep their name but not their IP across a network reconnect
// and Prometheus here has no discovery to follow an IP; the names resolve on the namespace's network.
import type { K8sObject } from '../runner/objects.ts';
import type { PodPlan } from '../runner/plan.ts';

export interface PodMetricsEndpoint {
  readonly port?: string;
  readonly path?: string;
  readonly scheme?: string;
  readonly interval?: string;
  readonly scrapeTimeout?: string;
  readonly honorLabels?: boolean;
  readonly relabelings?: readonly Record<string, unknown>[];
  readonly metricRelabelings?: readonly Record<string, unknown>[];
}

interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }[];
}

export interface PodMonitor extends K8sObject {
  readonly spec: {
    readonly jobLabel?: string;
    readonly podTargetLabels?: readonly string[];
    readonly selector: LabelSelector;
    readonly namespaceSelector?: { readonly any?: boolean; readonly matchNames?: readonly string[] };
    readonly podMetricsEndpoints: readonly PodMetricsEndpoint[];
  };
}

export type RelabelConfig = Readonly<Record<string, unknown>>;

export interface ScrapeConfig {
  readonly job_name: string;
  readonly honor_labels: boolean;
  readonly scrape_interval: string;
  readonly scrape_timeout: string;
  readonly metrics_path: string;
  readonly scheme: string;
  readonly static_configs: readonly { targets: string[]; labels: Record<string, string> }[];
  readonly relabel_configs: readonly RelabelConfig[];
  readonly metric_relabel_configs: readonly RelabelConfig[];
}

/** Prometheus' global defaults, which the operator starts every PodMonitor job from. */
const DEFAULT_INTERVAL = '1m';
const DEFAULT_TIMEOUT = '10s';
/** Endpoint fields translated here; any other (TLS, auth, params, proxies) is refused, not ignored. */
const ENDPOINT_FIELDS = new Set([
  'port',
  'path',
  'scheme',
  'interval',
  'scrapeTimeout',
  'honorLabels',
  'relabelings',
  'metricRelabelings',
]);

/** The operator's sanitizeLabelName: every character outside [a-zA-Z0-9_] becomes `_`. */
export function sanitizeLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** A RelabelConfig of the CRD (camelCase) as Prometheus' config spells it (snake_case). */
function snakeCase(relabel: Record<string, unknown>): RelabelConfig {
  return Object.fromEntries(
    Object.entries(relabel).map(([key, value]) => [
      key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      value,
    ]),
  );
}

const podLabel = (key: string) => `__meta_kubernetes_pod_label_${sanitizeLabelName(key)}`;
const podLabelPresent = (key: string) => `__meta_kubernetes_pod_labelpresent_${sanitizeLabelName(key)}`;

function selectorRelabelings(selector: LabelSelector): RelabelConfig[] {
  const byKey = Object.keys(selector.matchLabels ?? {}).sort();
  const relabelings: RelabelConfig[] = byKey.map((key) => ({
    source_labels: [podLabel(key), podLabelPresent(key)],
    action: 'keep',
    regex: `(${selector.matchLabels![key]});true`,
  }));
  for (const expression of selector.matchExpressions ?? []) {
    const values = `(${(expression.values ?? []).join('|')});true`;
    const both = [podLabel(expression.key), podLabelPresent(expression.key)];
    const present = [podLabelPresent(expression.key)];
    relabelings.push(
      expression.operator === 'In'
        ? { source_labels: both, action: 'keep', regex: values }
        : expression.operator === 'NotIn'
          ? { source_labels: both, action: 'drop', regex: values }
          : expression.operator === 'Exists'
            ? { source_labels: present, action: 'keep', regex: 'true' }
            : { source_labels: present, action: 'drop', regex: 'true' },
    );
  }
  return relabelings;
}

/** What kubernetes_sd (role pod) says of one container port of a running pod. */
function podTargets(pod: PodPlan): { targets: string[]; labels: Record<string, string> }[] {
  const labels: Record<string, string> = {
    __meta_kubernetes_namespace: pod.namespace,
    __meta_kubernetes_pod_name: pod.name,
    __meta_kubernetes_pod_phase: 'Running',
    __meta_kubernetes_pod_container_name: pod.container,
    __meta_kubernetes_pod_controller_kind: 'StatefulSet',
    __meta_kubernetes_pod_controller_name: pod.statefulSet,
  };
  for (const [key, value] of Object.entries(pod.labels)) {
    labels[podLabel(key)] = value;
    labels[podLabelPresent(key)] = 'true';
  }
  return pod.ports.map((port) => ({
    targets: [`${pod.name}:${port.containerPort}`],
    labels: {
      ...labels,
      __meta_kubernetes_pod_container_port_name: port.name ?? '',
      __meta_kubernetes_pod_container_port_number: String(port.containerPort),
      __meta_kubernetes_pod_container_port_protocol: 'TCP',
    },
  }));
}

function endpointConfig(
  monitor: PodMonitor,
  endpoint: PodMetricsEndpoint,
  index: number,
  pods: readonly PodPlan[],
): ScrapeConfig {
  const where = `PodMonitor ${monitor.metadata.namespace}/${monitor.metadata.name} podMetricsEndpoints[${index}]`;
  const unknown = Object.keys(endpoint).filter((field) => !ENDPOINT_FIELDS.has(field));
  if (unknown.length > 0)
    throw new Error(`${where}: ${unknown.join(', ')} not translated by the e2e Prometheus`);
  // The deprecated targetPort (and no port at all) would select by number or keep every port.
  if (!endpoint.port) throw new Error(`${where}: only a named port is translated`);
  const { spec, metadata } = monitor;
  const namespaces = spec.namespaceSelector?.any
    ? undefined
    : new Set(spec.namespaceSelector?.matchNames ?? [metadata.namespace]);
  const discovered = pods.filter((pod) => !namespaces || namespaces.has(pod.namespace));
  const relabelings: RelabelConfig[] = [
    { source_labels: ['job'], target_label: '__tmp_prometheus_job_name' },
    { source_labels: ['__meta_kubernetes_pod_phase'], action: 'drop', regex: '(Failed|Succeeded)' },
    ...selectorRelabelings(spec.selector),
    { source_labels: ['__meta_kubernetes_pod_container_port_name'], action: 'keep', regex: endpoint.port },
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
    ...(spec.podTargetLabels ?? []).map((key) => ({
      source_labels: [podLabel(key)],
      regex: '(.+)',
      replacement: '${1}',
      target_label: sanitizeLabelName(key),
    })),
    { target_label: 'job', replacement: `${metadata.namespace}/${metadata.name}` },
    ...(spec.jobLabel
      ? [
          {
            source_labels: [podLabel(spec.jobLabel)],
            regex: '(.+)',
            replacement: '${1}',
            target_label: 'job',
          },
        ]
      : []),
    { target_label: 'endpoint', replacement: endpoint.port },
    ...(endpoint.relabelings ?? []).map(snakeCase),
  ];
  return {
    job_name: `podMonitor/${metadata.namespace}/${metadata.name}/${index}`,
    honor_labels: endpoint.honorLabels ?? false,
    scrape_interval: endpoint.interval ?? DEFAULT_INTERVAL,
    scrape_timeout: endpoint.scrapeTimeout ?? DEFAULT_TIMEOUT,
    metrics_path: endpoint.path ?? '/metrics',
    scheme: endpoint.scheme ?? 'http',
    static_configs: discovered.flatMap(podTargets),
    relabel_configs: relabelings,
    metric_relabel_configs: (endpoint.metricRelabelings ?? []).map(snakeCase),
  };
}

/** Every PodMonitor among `objects`, one scrape config per endpoint, over the pods the runner runs. */
export function podMonitorScrapeConfigs(
  objects: readonly K8sObject[],
  pods: readonly PodPlan[],
): ScrapeConfig[] {
  return objects
    .filter((object): object is PodMonitor => object.kind === 'PodMonitor')
    .flatMap((monitor) =>
      monitor.spec.podMetricsEndpoints.map((endpoint, index) =>
        endpointConfig(monitor, endpoint, index, pods),
      ),
    );
}
