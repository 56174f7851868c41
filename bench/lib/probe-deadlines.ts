// How long a client waits for each of an agent's routes, from the manifests themselves: the kubelet
// gives up on an httpGet probe after its timeoutSeconds, Prometheus on a scrape after the PodMonitor's
// scrapeTimeout. Where two probes share a path (startup and liveness on /livez), the shorter wins.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../../tools/harness/run-agent.ts';

interface Probe {
  readonly httpGet?: { readonly path?: string };
  readonly timeoutSeconds?: number;
}

const PROBE_KINDS = ['startupProbe', 'livenessProbe', 'readinessProbe'] as const;
/** Kubernetes' default timeoutSeconds. */
const DEFAULT_TIMEOUT_S = 1;

function documents(file: string): unknown[] {
  return parseAllDocuments(readFileSync(join(REPO_ROOT, file), 'utf8')).map((doc) => doc.toJS() as unknown);
}

/** Milliseconds per path: /livez and /readyz from the StatefulSet, /metrics from the PodMonitor. */
export function routeDeadlines(
  base: 'zookeeper' | 'kafka' | 'kafka-kraft',
  podMonitor: 'zookeeper' | 'kafka',
): Map<string, number> {
  const deadlines = new Map<string, number>();
  for (const doc of documents(`manifests/${base}/statefulset.yaml`)) {
    const containers =
      (doc as { spec?: { template?: { spec?: { containers?: Record<string, Probe>[] } } } }).spec?.template
        ?.spec?.containers ?? [];
    for (const container of containers)
      for (const kind of PROBE_KINDS) {
        const probe = container[kind];
        const path = probe?.httpGet?.path;
        if (!path) continue;
        const ms = (probe.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000;
        deadlines.set(path, Math.min(ms, deadlines.get(path) ?? Infinity));
      }
  }
  for (const doc of documents(`manifests/monitoring/podmonitor-${podMonitor}.yaml`)) {
    const endpoints =
      (doc as { spec?: { podMetricsEndpoints?: { path?: string; scrapeTimeout?: string }[] } }).spec
        ?.podMetricsEndpoints ?? [];
    for (const endpoint of endpoints) {
      const seconds = /^(\d+)s$/.exec(endpoint.scrapeTimeout ?? '')?.[1];
      if (endpoint.path && seconds) deadlines.set(endpoint.path, Number(seconds) * 1000);
    }
  }
  for (const path of ['/livez', '/readyz', '/metrics'])
    if (!deadlines.has(path))
      throw new Error(`no deadline for ${path} in manifests/${base} or its PodMonitor`);
  return deadlines;
}
