// What a resident kafka-agent (`run`, `serve`) serves: one shared view of the broker behind the checks,
// the metrics and the status, so probes and scrapes arriving together cost the broker one request each.
import type { HealthServerOptions } from '../core/http-server.ts';
import type { Logger } from '../core/logger.ts';
import { singleFlight } from '../core/single-flight.ts';
import { kafkaChecks, type ProcessState } from './checks/index.ts';
import { partitionDirsOnDisk } from './checks/partition-dirs.ts';
import type { KafkaConfig } from './config.ts';
import { fetchJmxText } from './jmx-exporter-client.ts';
import { createKafkaMetrics } from './metrics.ts';
import { kafkaClientFactory } from './runtime-client.ts';
import { kafkaStatus } from './status.ts';
import { createKafkaView, type KafkaView } from './view.ts';

export type KafkaEndpoints = Omit<HealthServerOptions, 'host' | 'port' | 'logger'> & {
  readonly view: KafkaView;
};

/** The parts of the config the resident verbs need (serve builds it without writing anything). */
export type RuntimeConfig = Pick<
  KafkaConfig,
  'settings' | 'id' | 'mode' | 'roles' | 'target' | 'clusterId' | 'logDirs'
>;

export function createKafkaEndpoints(
  config: RuntimeConfig,
  processAlive: () => ProcessState,
  logger: Logger,
): KafkaEndpoints {
  const s = config.settings;
  const timeoutMs = s.AGENT_CHECK_TIMEOUT;
  const view = createKafkaView(config.target, timeoutMs, kafkaClientFactory(), { staleMs: 2000 });
  const jmxFlight = singleFlight<'jmx', string>({ maxAgeMs: 1000, staleMs: 2000 });
  const metrics = createKafkaMetrics({
    id: config.id,
    mode: config.mode,
    roles: config.roles,
    view,
    fetchJmx: () =>
      jmxFlight('jmx', () => fetchJmxText(s.AGENT_JMX_EXPORTER_PORT, Math.max(timeoutMs, 5000))),
    checks: Object.values(kafkaChecks),
    onCollectorError: (collector, detail) => logger.debug({ collector }, detail),
  });
  const deps = {
    id: config.id,
    roles: config.roles,
    view,
    processAlive,
    requireInSync: s.AGENT_READY_IN_SYNC === 'true',
    partitionDirsOnDisk: partitionDirsOnDisk(config.logDirs),
  };
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
