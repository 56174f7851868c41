// The PodMonitors' translation, checked by a real Prometheus (Debian's, on loopback): fed the scrape
// configs built for the zookeeper and kafka bases' pods, it keeps exactly the agents' `metrics` ports
// and gives each target the labels the operator's config would (namespace, pod, container, endpoint,
// job from jobLabel, the podTargetLabels). Nothing is scraped: the targets' labels are the point.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheus, type Prometheus } from '../../../tools/harness/prometheus.ts';
import { build } from '../../../tools/manifests.ts';
import { inNamespace, type K8sObject } from '../runner/objects.ts';
import { planStatefulSets } from '../runner/plan.ts';
import { podMonitorScrapeConfigs } from './scrape-config.ts';

interface TargetsData {
  activeTargets: { labels: Record<string, string | undefined>; scrapeUrl: string; scrapePool: string }[];
  droppedTargets: { discoveredLabels: Record<string, string> }[];
}

const NAMESPACE = 'shop';
const pods = planStatefulSets(inNamespace([...build('zookeeper'), ...build('kafka')], NAMESPACE)).flatMap(
  (set) => set.pods,
);
const monitoring = inNamespace(build('monitoring'), NAMESPACE);
let dir: string;
let prometheus: Prometheus;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scrape-config-'));
  // The same pods in another namespace too: a PodMonitor selects pods of its own namespace only.
  const elsewhere = planStatefulSets(inNamespace(build('zookeeper'), 'other')).flatMap((set) => set.pods);
  prometheus = await startPrometheus({
    dir,
    targets: [],
    scrapeConfigs: podMonitorScrapeConfigs(monitoring, [...pods, ...elsewhere]),
  });
});
afterAll(async () => {
  await prometheus?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function targets(): Promise<TargetsData> {
  for (;;) {
    const response = await fetch(`${prometheus.url}/api/v1/targets`);
    const body = (await response.json()) as { data: TargetsData };
    // The first service-discovery sync can come a moment after /-/ready.
    if (body.data.activeTargets.length > 0) return body.data;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('PodMonitors as scrape configs (a real Prometheus relabels them)', () => {
  it("keeps one target per pod, the agent's metrics port, with the operator's target labels", async () => {
    const { activeTargets } = await targets();
    const seen = activeTargets
      .map((target): Record<string, string | undefined> => ({
        ...target.labels,
        url: target.scrapeUrl,
        pool: target.scrapePool,
      }))
      .sort((a, b) => (a.pod ?? '').localeCompare(b.pod ?? ''));
    const expected = (pod: string, job: string, port: number, instance: string, component: string) => ({
      namespace: NAMESPACE,
      pod,
      container: job === 'zookeeper' ? 'zookeeper' : 'kafka',
      endpoint: 'metrics',
      job,
      instance: `${pod}:${port}`,
      app_kubernetes_io_instance: instance,
      app_kubernetes_io_component: component,
      url: `http://${pod}:${port}/metrics`,
      pool: `podMonitor/${NAMESPACE}/${job}/0`,
    });
    expect(seen).toEqual([
      expected('kafka-0', 'kafka', 9308, 'kafka', 'broker'),
      expected('kafka-1', 'kafka', 9308, 'kafka', 'broker'),
      expected('kafka-2', 'kafka', 9308, 'kafka', 'broker'),
      expected('zk-0', 'zookeeper', 9141, 'zk', 'server'),
      expected('zk-1', 'zookeeper', 9141, 'zk', 'server'),
      expected('zk-2', 'zookeeper', 9141, 'zk', 'server'),
    ]);
  });

  it("drops every other port, each pod for the other monitor, and never sees another namespace's pods", async () => {
    const { droppedTargets } = await targets();
    const dropped = droppedTargets.map((target) => target.discoveredLabels);
    const portsOf = (pod: string) =>
      dropped
        .filter((labels) => labels.__meta_kubernetes_pod_name === pod)
        .map((labels) => labels.__meta_kubernetes_pod_container_port_name)
        .sort();
    // Each monitor drops the ports it does not keep: zk-0's three others twice (once per monitor), its
    // metrics port once (by the kafka monitor), and likewise for a broker.
    expect(portsOf('zk-0')).toEqual([
      'client',
      'client',
      'leader-election',
      'leader-election',
      'metrics',
      'server',
      'server',
    ]);
    expect(portsOf('kafka-0')).toEqual(['broker', 'broker', 'metrics']);
    // kubernetes_sd watches the monitor's own namespace only: the other namespace's pods are not even dropped.
    expect(dropped.filter((labels) => labels.__meta_kubernetes_namespace !== NAMESPACE)).toEqual([]);
  });

  it('refuses an endpoint field it does not translate, naming the monitor and the field', () => {
    const monitor = monitoring.find((object) => object.kind === 'PodMonitor')!;
    const spec = monitor.spec as { podMetricsEndpoints: object[] };
    const withTls: K8sObject = {
      ...monitor,
      spec: { ...spec, podMetricsEndpoints: [{ ...spec.podMetricsEndpoints[0], tlsConfig: {} }] },
    };
    expect(() => podMonitorScrapeConfigs([withTls], pods)).toThrow(
      `PodMonitor ${NAMESPACE}/${monitor.metadata.name} podMetricsEndpoints[0]: tlsConfig not translated`,
    );
  });
});
