// What a resident zk-agent (`run`, `serve`) serves: one shared four-letter-word client behind the
// checks, the metrics and the status, so probes and scrapes arriving together cost ZooKeeper one
// request per word.
import type { HealthServerOptions } from '../core/http-server.ts';
import type { Logger } from '../core/logger.ts';
import { createAsk } from './ask.ts';
import { zkChecks } from './checks/index.ts';
import { createZkMetrics } from './metrics.ts';
import type { ZkSettings } from './settings.ts';
import { zkStatus, type StatusIdentity } from './status.ts';

export type ZkEndpoints = Omit<HealthServerOptions, 'host' | 'port' | 'logger'>;

export function createZkEndpoints(
  settings: ZkSettings,
  identity: StatusIdentity,
  logger: Logger,
): ZkEndpoints {
  const ask = createAsk({ port: settings.ZK_CLIENT_PORT, timeoutMs: settings.AGENT_CHECK_TIMEOUT });
  const metrics = createZkMetrics({
    fetchMntr: () => ask('mntr'),
    checks: Object.values(zkChecks),
    onCollectorError: (collector, detail) => logger.warn({ collector }, detail),
  });
  const deps = { ask, replicas: settings.ZK_REPLICAS };
  const liveness = metrics.instrument(zkChecks.liveness);
  const readiness = metrics.instrument(zkChecks.readiness);
  return {
    livez: () => liveness.run(deps),
    readyz: () => readiness.run(deps),
    metrics: () => metrics.renderBuffer(),
    status: async () => ({ ...(await zkStatus(ask, identity)) }),
  };
}
