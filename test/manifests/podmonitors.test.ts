// The PodMonitors scrape every server pod of the workload bases on its agent port, and give them the job
// names and labels the PrometheusRule and the dashboard query by.
import { describe, expect, it } from 'vitest';
import { build, ofKind, type K8sObject } from '../../tools/manifests.ts';
import { AGENT_PORT, everyServer } from './lib/pods.ts';

interface PodMonitor extends K8sObject {
  readonly spec: {
    readonly jobLabel?: string;
    readonly podTargetLabels?: readonly string[];
    readonly selector: { readonly matchLabels: Record<string, string> };
    readonly podMetricsEndpoints: readonly { readonly port?: string; readonly path?: string }[];
  };
}

const monitors = ofKind(build('monitoring'), 'PodMonitor') as PodMonitor[];
const rulesText = JSON.stringify(ofKind(build('monitoring'), 'PrometheusRule'));
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe.each(everyServer().map((server) => [server.label, server] as const))('%s', (_label, server) => {
  const labels = server.sts.spec.template.metadata.labels;
  const monitor = () => {
    const matching = monitors.filter((candidate) => selects(candidate.spec.selector.matchLabels, labels));
    expect(matching).toHaveLength(1);
    return matching[0]!;
  };

  it('is scraped by exactly one PodMonitor, on the named port of its agent, at /metrics', () => {
    const endpoints = monitor().spec.podMetricsEndpoints;
    expect(endpoints).toHaveLength(1);
    const port = server.container.ports?.find((candidate) => candidate.name === endpoints[0]!.port);
    expect(port?.containerPort).toBe(AGENT_PORT[server.agent]);
    expect(endpoints[0]!.path ?? '/metrics').toBe('/metrics');
  });

  it('gets the job name the alerts select and the instance label they group by', () => {
    const { jobLabel, podTargetLabels } = monitor().spec;
    const job = labels[jobLabel!];
    expect(job).toBe(server.agent === 'zk-agent' ? 'zookeeper' : 'kafka');
    expect(rulesText).toContain(`job=\\"${job}\\"`);
    expect(podTargetLabels).toContain('app.kubernetes.io/instance');
    expect(labels['app.kubernetes.io/instance']).toBeTruthy();
  });
});
