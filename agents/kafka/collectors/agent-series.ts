import { Gauge, Histogram, type Registry } from 'prom-client';

/** The agent's own view, prefixed `kafka_agent_` (the broker's JMX series are `kafka_server_…`, `jvm_…`). */
export function createAgentSeries(registry: Registry, checkNames: readonly string[]) {
  const collectorSuccess = new Gauge({
    name: 'kafka_agent_collector_success',
    help: 'Whether the collector produced its series on the last scrape (0: see the agent log for why).',
    labelNames: ['collector'],
    registers: [registry],
  });
  const clusterViewOwner = new Gauge({
    name: 'kafka_agent_cluster_view_owner',
    help: "1 on the one pod whose agent exports the cluster view (kafka_cluster_*, kafka_consumergroup_*): the active controller's.",
    registers: [registry],
  });
  const checkDuration = new Histogram({
    name: 'kafka_agent_check_duration_seconds',
    help: 'Time a health check took, including the wait for the broker.',
    labelNames: ['check'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // Series exist from the first scrape, so a dashboard shows 0 rather than "no data".
  for (const check of checkNames) checkDuration.zero({ check });
  return { collectorSuccess, clusterViewOwner, checkDuration };
}
