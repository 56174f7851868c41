import { Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** The agent's own view, prefixed `zk_agent_` (ZooKeeper's series use `zookeeper_`). */
export function createAgentSeries(registry: Registry, checkNames: readonly string[]) {
  const up = new Gauge({
    name: 'zookeeper_up',
    help: 'Whether ZooKeeper answered mntr on its client port (1 even when it says it is not serving).',
    registers: [registry],
  });
  const collectorSuccess = new Gauge({
    name: 'zk_agent_collector_success',
    help: 'Whether the collector produced metrics on the last scrape (0: see the agent log for why).',
    labelNames: ['collector'],
    registers: [registry],
  });
  const checkDuration = new Histogram({
    name: 'zk_agent_check_duration_seconds',
    help: 'Time a health check took, including the wait for ZooKeeper.',
    labelNames: ['check'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // Series exist from the first scrape, so a dashboard shows 0 rather than "no data".
  for (const check of checkNames) checkDuration.zero({ check });
  return { up, collectorSuccess, checkDuration };
}
