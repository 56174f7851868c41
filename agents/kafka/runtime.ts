// What a resident kafka-agent (`run`, `serve`) serves: one shared view of the broker behind the checks,
// the metrics and the status, so probes and scrapes arriving together cost the broker one request each.
import type { HealthServerOptions } from '../core/http-server.ts';
import type { Logger } from '../core/logger.ts';
import { singleFlight } from '../core/single-flight.ts';
import { kafkaCheckDeps } from './checks/deps.ts';
import { kafkaChecks, type ProcessState } from './checks/index.ts';
import type { RuntimeConfig } from './config.ts';
import { fetchJmxText } from './jmx-exporter-client.ts';
import { createKafkaMetrics } from './metrics.ts';
import { agentClientFactory } from './protocol/agent-client.ts';
import { kafkaStatus } from './status.ts';
import { createKafkaView, type KafkaView } from './view.ts';

export type KafkaEndpoints = Omit<HealthServerOptions, 'host' | 'port' | 'logger'> & {
  readonly view: KafkaView;
};

export function createKafkaEndpoints(
  config: RuntimeConfig,
  processAlive: () => ProcessState,
  logger: Logger,
): KafkaEndpoints {
  const s = config.settings;
  const timeoutMs = s.AGENT_CHECK_TIMEOUT;
  const view = createKafkaView(config.target, timeoutMs, agentClientFactory(config), { staleMs: 2000 });
  const jmxFlight = singleFlight<'jmx', string>({ maxAgeMs: 1000, staleMs: 2000 });
  const metrics = createKafkaMetrics({
    id: config.id,
    mode: config.mode,
    roles: config.roles,
    view,
    fetchJmx: () =>
      jmxFlight('jmx', () => fetchJmxText(s.AGENT_JMX_EXPORTER_PORT, Math.max(timeoutMs, 5000))),
    checks: Object.values(kafkaChecks),
    ...(config.tls ? { tls: config.tls } : {}),
    onCollectorError: (collector, detail) => logger.debug({ collector }, detail),
  });
  const deps = kafkaCheckDeps(config, view, processAlive);
  const liveness = metrics.instrument(kafkaChecks.liveness);
  const readiness = metrics.instrument(kafkaChecks.readiness);
  return {
    view,
    livez: () => liveness.run(deps),
    readyz: () => readiness.run(deps),
    metrics: () => metrics.renderBuffer(),
    status: async () => ({ ...(await kafkaStatus(config, view)) }),
  };
}
