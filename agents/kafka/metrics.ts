// kafka-agent's /metrics: the agent's own series, the broker's JMX series (the Prometheus JMX exporter
// java agent on 127.0.0.1, rules of ours), and the cluster view from the protocol, which only one pod
// exports. A collector that fails is a series (kafka_agent_collector_success 0), never a failed scrape.
import { Registry } from 'prom-client';
import type { Check } from '../core/check.ts';
import { timedCheck } from '../core/timed-check.ts';
import { registerTlsExpiry } from '../core/tls/expiry-gauge.ts';
import type { ServerTls } from '../core/tls/server-tls.ts';
import { createAgentSeries } from './collectors/agent-series.ts';
import { clusterFamilies } from './collectors/cluster-view.ts';
import { declaredFamilies, renderFamilies } from './collectors/text.ts';
import type { KafkaMode, ProcessRole } from './config.ts';
import type { ClusterMetadata, ConsumerGroupLag } from './protocol/types.ts';
import type { KafkaView } from './view.ts';

export interface KafkaMetricsOptions {
  readonly id: number;
  readonly mode: KafkaMode;
  readonly roles: readonly ProcessRole[];
  readonly view: KafkaView;
  /** The JMX exporter's text; how fresh is the caller's business (runtime.ts shares one per second). */
  readonly fetchJmx: () => Promise<string>;
  readonly checks?: readonly { readonly name: string }[];
  readonly onCollectorError?: (collector: string, detail: string) => void;
  /** AGENT_TLS_DIR's files: their expiry is a series of the agent's own. */
  readonly tls?: ServerTls;
}

export interface KafkaMetrics {
  render(): Promise<string>;
  /**
   * The same text as UTF-8, for the HTTP server. Scrapes that see the same parts share one Buffer, so a
   * burst of 50 scrapes encodes the ~30 KB once rather than 50 times (bench: kafka-scrape).
   */
  renderBuffer(): Promise<Buffer>;
  instrument<Deps>(check: Check<Deps>): Check<Deps>;
}

export function createKafkaMetrics(options: KafkaMetricsOptions): KafkaMetrics {
  const registry = new Registry();
  const own = createAgentSeries(
    registry,
    (options.checks ?? []).map((check) => check.name),
  );
  if (options.tls) registerTlsExpiry(registry, 'kafka_agent', options.tls);
  const report = options.onCollectorError ?? (() => {});
  const ownNames = new Set(registry.getMetricsAsArray().map((metric) => metric.name));

  // The exporter's text is shared for a second (runtime.ts): filtered once per text, not once per scrape.
  let filtered: { text: string; result: string } | undefined;
  async function jmxPart(): Promise<string> {
    try {
      const text = await options.fetchJmx();
      own.collectorSuccess.set({ collector: 'jmx' }, 1);
      if (filtered?.text !== text) filtered = { text, result: withoutFamilies(text, ownNames) };
      return filtered.result;
    } catch (error) {
      own.collectorSuccess.set({ collector: 'jmx' }, 0);
      report('jmx', (error as Error).message);
      return '';
    }
  }

  async function clusterPart(): Promise<string> {
    if (!options.roles.includes('broker')) {
      // A controller-only node has no broker listener to ask for Metadata: the brokers' agents export it.
      own.clusterViewOwner.set(0);
      return '';
    }
    let metadata: ClusterMetadata;
    try {
      metadata = await options.view.metadata('scrape');
      const owner = await ownsClusterView(metadata);
      own.clusterViewOwner.set(owner ? 1 : 0);
      own.collectorSuccess.set({ collector: 'cluster' }, 1);
      if (!owner) return '';
    } catch (error) {
      own.collectorSuccess.set({ collector: 'cluster' }, 0);
      report('cluster', (error as Error).message);
      return '';
    }
    let lag;
    try {
      lag = await options.view.consumerGroupLag();
      own.collectorSuccess.set({ collector: 'consumer_lag' }, 1);
    } catch (error) {
      own.collectorSuccess.set({ collector: 'consumer_lag' }, 0);
      report('consumer_lag', (error as Error).message);
    }
    // The view hands out the same answers for a second: rendered once per answer, not once per scrape.
    if (clusterRendered?.metadata !== metadata || clusterRendered.lag !== lag)
      clusterRendered = { metadata, lag, text: renderFamilies(clusterFamilies(metadata, lag)) };
    return clusterRendered.text;
  }
  let clusterRendered:
    { metadata: ClusterMetadata; lag: readonly ConsumerGroupLag[] | undefined; text: string } | undefined;

  /**
   * The active controller's agent owns the cluster view. ZooKeeper mode: Metadata's controllerId. KRaft:
   * the quorum leader from DescribeQuorum, not Metadata's controllerId, which on a broker listener is just
   * some live broker, not the active controller. With controllers in their own StatefulSet the leader is
   * no broker: the live broker with the lowest id exports it then.
   */
  async function ownsClusterView(metadata: ClusterMetadata): Promise<boolean> {
    if (options.mode === 'zookeeper') return metadata.controllerId === options.id;
    const quorum = await options.view.quorum('scrape');
    if (quorum.leaderId === options.id) return true;
    const live = metadata.brokers.map((broker) => broker.nodeId);
    return !live.includes(quorum.leaderId) && live.length > 0 && Math.min(...live) === options.id;
  }

  async function parts(): Promise<readonly [string, string, string]> {
    const [jmx, cluster] = await Promise.all([jmxPart(), clusterPart()]);
    return [await ownText(), cluster, jmx];
  }
  // Scrapes handled in the same turn of the event loop (a burst of scrapers) share one rendering of the
  // agent's own series, as zk-agent's do: nothing can change between them but a check finishing, which
  // is then as if the scrape had come a moment earlier. The next turn renders anew.
  let ownRendered: Promise<string> | undefined;
  function ownText(): Promise<string> {
    if (!ownRendered) {
      const rendered = (ownRendered = registry.metrics());
      setImmediate(() => {
        if (ownRendered === rendered) ownRendered = undefined;
      });
    }
    return ownRendered;
  }
  let body: { parts: readonly [string, string, string]; buffer: Buffer } | undefined;

  return {
    async render() {
      return join(await parts());
    },
    async renderBuffer() {
      const now = await parts();
      if (!body || now.some((part, i) => part !== body!.parts[i]))
        body = { parts: now, buffer: Buffer.from(join(now)) };
      return body.buffer;
    },
    instrument: (check) => timedCheck(own.checkDuration, check),
  };
}

function join(parts: readonly string[]): string {
  return parts.filter((part) => part !== '').join('\n');
}

/** The exporter's text without any family the agent declares itself (a rule gone astray costs that family only). */
function withoutFamilies(text: string, names: ReadonlySet<string>): string {
  const clashes = [...declaredFamilies(text)].filter((name) => names.has(name));
  if (clashes.length === 0) return text;
  return text
    .split('\n')
    .filter((line) => {
      const name = /^(?:# (?:HELP|TYPE) )?([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line)?.[1];
      return !(name && clashes.some((clash) => name === clash || name.startsWith(`${clash}_`)));
    })
    .join('\n');
}
