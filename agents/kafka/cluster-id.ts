// KRaft's cluster id is a Kafka Uuid: 16 bytes written as 22 characters of unpadded base64url. Kafka's
// storage tool accepts `--cluster-id not-a-uuid` and writes it, so the agent checks it first; and it never
// invents one: apache/kafka's image defaults every cluster to the same id (grafana/mimir #16547).
import type { Check } from '../core/env.ts';
import { AgentError } from '../core/errors.ts';
import type { KafkaMode } from './config/types.ts';

/** Uuid.ZERO_UUID and Uuid.METADATA_TOPIC_ID: reserved by Kafka, refused as cluster ids. */
const RESERVED = new Set(['AAAAAAAAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAAAAAAAQ']);

export const clusterIdCheck: Check<string> = (raw) => {
  const words =
    'a Kafka cluster id: 22 characters of base64url (A-Z a-z 0-9 - _), as `kafka-storage.sh random-uuid` prints';
  if (!/^[A-Za-z0-9_-]{22}$/.test(raw)) return { ok: false, message: `must be ${words}` };
  // 22 characters carry 132 bits for 128; like Java's decoder (Uuid.fromString), the spare 4 are
  // ignored: Kafka's own example id MkU3OEVBNTcwNTJENDM2Qk leaves them set.
  if (RESERVED.has(raw))
    return {
      ok: false,
      message: 'is a Uuid Kafka reserves: generate one with `kafka-storage.sh random-uuid`',
    };
  return { ok: true, value: raw };
};

/** KRaft formats every node with the cluster id, so a KRaft node cannot start without one. */
export function requireClusterId(mode: KafkaMode, clusterId: string | undefined): void {
  if (mode !== 'kraft' || clusterId !== undefined) return;
  throw new AgentError(
    'AGENT_ERR_ENV_INVALID',
    'CLUSTER_ID is required in KRaft mode (KAFKA_PROCESS_ROLES is set): every node of the cluster is formatted with it. ' +
      'Generate one once (kafka-storage.sh random-uuid), keep it in a Secret or ConfigMap and give it to every pod (e.g. CLUSTER_ID=MkU3OEVBNTcwNTJENDM2Qk)',
  );
}
