// The broker's answers as the agent's probes, metrics and status see them: one client, and per question
// one request in flight shared by every caller, an answer reused for at most 1 s (metrics may take it up
// to 2 s old while one refresh runs). A hundred probes and scrapes arriving together cost the broker one
// Metadata request, not a hundred.
import { singleFlight } from '../core/single-flight.ts';
import type { Endpoint } from './config.ts';
import type { ClusterMetadata, ConsumerGroupLag, KafkaClient, QuorumInfo } from './protocol/types.ts';

export interface KafkaView {
  metadata(): Promise<ClusterMetadata>;
  quorum(): Promise<QuorumInfo>;
  consumerGroupLag(): Promise<readonly ConsumerGroupLag[]>;
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
  return {
    metadata: () => flight('metadata', () => get().metadata()) as Promise<ClusterMetadata>,
    quorum: () => flight('quorum', () => get().describeQuorum()) as Promise<QuorumInfo>,
    consumerGroupLag: () =>
      flight('lag', () => get().consumerGroupLag()) as Promise<readonly ConsumerGroupLag[]>,
    async close() {
      await client?.close();
      client = undefined;
    },
  };
}
