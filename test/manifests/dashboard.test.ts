// The Grafana dashboard (a ConfigMap Grafana's sidecar loads) is valid JSON with a ZooKeeper and a Kafka
// row, and every query, its variables' included, names only series our agents export.
import { describe, expect, it } from 'vitest';
import { build, find } from '../../tools/manifests.ts';
import { goldenSeries } from './lib/golden-series.ts';
import { metricNames } from './lib/promql-names.ts';

interface Panel {
  readonly type: string;
  readonly title: string;
  readonly targets?: readonly { readonly expr: string }[];
  readonly panels?: readonly Panel[];
}
interface Dashboard {
  readonly uid: string;
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly { readonly name: string; readonly query: unknown }[] };
}

const configMap = find(build('monitoring'), 'ConfigMap', 'statefulset-agents-dashboard');
const files = Object.entries(configMap.data as Record<string, string>);
const dashboard = JSON.parse(files[0]![1]) as Dashboard;
const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);

/** Every PromQL expression of the dashboard: panel targets, and the metric inside label_values(…). */
function expressions(): { where: string; expr: string }[] {
  const fromPanels = panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ where: panel.title, expr: target.expr })),
  );
  const fromVariables = dashboard.templating.list.flatMap((variable) => {
    const query =
      typeof variable.query === 'string' ? variable.query : (variable.query as { query?: string })?.query;
    const inner = /^label_values\((.+),\s*[a-zA-Z_]\w*\)$/.exec(query ?? '')?.[1];
    return inner ? [{ where: `variable ${variable.name}`, expr: inner }] : [];
  });
  return [...fromPanels, ...fromVariables];
}

describe('Grafana dashboard', () => {
  it('is one JSON file in a ConfigMap labelled for the Grafana sidecar', () => {
    expect(files).toHaveLength(1);
    expect(files[0]![0]).toMatch(/\.json$/);
    expect(configMap.metadata.labels?.grafana_dashboard).toBe('1');
    expect(dashboard.uid).toBeTruthy();
  });

  it('has a ZooKeeper row and a Kafka row, each with panels that query', () => {
    const rows = dashboard.panels.filter((panel) => panel.type === 'row').map((panel) => panel.title);
    expect(rows).toEqual(['ZooKeeper', 'Kafka']);
    const queried = panels.filter((panel) => (panel.targets ?? []).length > 0);
    expect(
      queried.filter((panel) => JSON.stringify(panel).includes('zookeeper_')).length,
    ).toBeGreaterThanOrEqual(4);
    expect(queried.filter((panel) => JSON.stringify(panel).includes('kafka_')).length).toBeGreaterThanOrEqual(
      4,
    );
  });

  it('queries only series the agents export (the golden /metrics files) and Prometheus up', () => {
    const golden = goldenSeries();
    const unknown = expressions().flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((name) => !golden.has(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(expressions().length).toBeGreaterThan(20);
    expect(unknown).toEqual([]);
  });

  it('finds the metric names of an expression, so a misspelt one would be reported', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le, check) (rate(zk_agent_check_duration_seconds_bucket{namespace="$namespace"}[5m])))',
      ),
    ).toEqual(['zk_agent_check_duration_seconds_bucket']);
    expect(metricNames('sum(kafka_server_bytes_in_totl) / on (pod) group_left up')).toEqual([
      'kafka_server_bytes_in_totl',
      'up',
    ]);
    expect(goldenSeries().has('kafka_server_bytes_in_totl')).toBe(false);
  });
});
