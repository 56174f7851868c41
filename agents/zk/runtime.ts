// What a resident zk-agent (`run`, `serve`) serves: one shared four-letter-word client behind the
// checks, the metrics and the status, so probes and scrapes arriving together cost ZooKeeper one
// request per word.
import type { HealthServerOptions } from '../core/http-server.ts';
import type { Logger } from '../core/logger.ts';
import { serverTlsOf } from '../core/tls/server-tls.ts';
import { askFor, type AskWord } from './ask.ts';
import { zkChecks } from './checks/index.ts';
import type { ZkServerEntry } from './config.ts';
import { ensembleStatus } from './ensemble-status.ts';
import { createZkMetrics } from './metrics.ts';
import type { ZkSettings } from './settings.ts';
import { zkStatus, type StatusIdentity } from './status.ts';

export type ZkEndpoints = Omit<HealthServerOptions, 'host' | 'port' | 'logger'>;

export function createZkEndpoints(
  settings: ZkSettings,
  identity: StatusIdentity,
  servers: readonly ZkServerEntry[],
  logger: Logger,
): ZkEndpoints {
  // Probes judge the server as it is now: an answer is reused for at most 1 s. mntr (metrics, the
  // leader's status) may also be served up to 2 s old while one refresh runs, so a burst of scrapes
  // never waits for ZooKeeper: its series, zookeeper_up included, are at most 2 s old.
  const probeAsk = askFor(settings);
  const mntrAsk = askFor(settings, { staleMs: 2000 });
  const ask: AskWord = (word) => (word === 'mntr' ? mntrAsk : probeAsk)(word);
  const metrics = createZkMetrics({
    fetchMntr: () => ask('mntr'),
    checks: Object.values(zkChecks),
    onCollectorError: (collector, detail) => logger.warn({ collector }, detail),
    tls: serverTlsOf(settings.AGENT_TLS_DIR, settings.ZK_CONF_DIR),
  });
  const deps = { ask, replicas: settings.ZK_REPLICAS };
  const liveness = metrics.instrument(zkChecks.liveness);
  const readiness = metrics.instrument(zkChecks.readiness);
  // One client per peer, so a burst of GET / asks each peer once per reuse window.
  const peerAsks = new Map<string, AskWord>();
  const askPeer = (host: string) => {
    if (!peerAsks.has(host)) peerAsks.set(host, askFor(settings, { host }));
    return peerAsks.get(host)!;
  };
  return {
    livez: () => liveness.run(deps),
    readyz: () => readiness.run(deps),
    metrics: () => metrics.renderBuffer(),
    // GET /: this server as the probes see it, and the peers it should see (each asked srvr).
    status: async () => {
      const [local, ensemble] = await Promise.all([
        zkStatus(ask, identity),
        ensembleStatus(servers, identity.myid, ask, askPeer),
      ]);
      return { ...local, ...(ensemble.length > 0 ? { ensemble } : {}) };
    },
  };
}
