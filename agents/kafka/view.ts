// The broker's answers as the agent's probes, metrics and status see them: one client, and per question
// one request in flight shared by every caller, an answer reused for at most 1 s (metrics may take it up
// to 2 s old while one refresh runs). A hundred probes and scrapes arriving together cost the broker one
// Metadata request, not a hundred.
import { singleFlight } from '../core/single-flight.ts';
import type { Endpoint } from './config.ts';
import type { ClusterMetadata, ConsumerGroupLag, KafkaClient, QuorumInfo } from './protocol/types.ts';

/** 'probe': an answer at most 1 s old; 'scrape': metrics may take one up to staleMs old. */
export type Freshness = 'probe' | 'scrape';

export interface KafkaView {
  metadata(freshness?: Freshness): Promise<ClusterMetadata>;
  quorum(freshness?: Freshness): Promise<QuorumInfo>;
  consumerGroupLag(): Promise<readonly ConsumerGroupLag[]>;
  /**
   * Later questions go through a new client (a renewed certificate is read when a client is made); the
   * old one is closed once the calls it carries have had their deadline.
   */
  renewClient(): void;
  close(): Promise<void>;
}

export type ClientFactory = (target: Endpoint, timeoutMs: number) => KafkaClient;

export function createKafkaView(
  target: Endpoint,
  timeoutMs: number,
  createClient: ClientFactory,
  options: { readonly staleMs?: number } = {},
): KafkaView {
  let client: KafkaClient | undefined;
  const get = () => (client ??= createClient(target, timeoutMs));
  const flight = singleFlight<string, unknown>({ maxAgeMs: 1000, staleMs: options.staleMs });
  // A broker closes a Metadata connection now and then while a peer dies or rejoins (seen for about a
  // second in the KRaft kill test): asked again on a fresh connection, up to three times 150 ms apart,
  // rather than reported as NotReady for a blip.
  const retried = async <T>(ask: (kafka: KafkaClient) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await ask(get());
      } catch (error) {
        if (attempt >= 3 || !/closed the connection/.test((error as Error).message)) throw error;
        const stale = client;
        client = undefined;
        await stale?.close().catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  };
  // Readiness gates a rolling restart, so probes (the default) never take an answer past 1 s old.
  const ask = <T>(key: string, question: (kafka: KafkaClient) => Promise<T>, freshness: Freshness) =>
    flight(key, () => retried(question), { acceptStale: freshness === 'scrape' }) as Promise<T>;
  return {
    metadata: (freshness = 'probe') => ask('metadata', (kafka) => kafka.metadata(), freshness),
    quorum: (freshness = 'probe') => ask('quorum', (kafka) => kafka.describeQuorum(), freshness),
    // Only the metrics ask for consumer lag.
    consumerGroupLag: () => ask('lag', (kafka) => kafka.consumerGroupLag(), 'scrape'),
    renewClient() {
      const old = client;
      client = undefined;
      if (old) setTimeout(() => void old.close().catch(() => {}), timeoutMs).unref();
    },
    async close() {
      await client?.close();
      client = undefined;
    },
  };
}
