// The node's id: the pod ordinal plus AGENT_ID_OFFSET, written as broker.id (ZooKeeper mode) or node.id
// (KRaft). An id the operator gives (KAFKA_BROKER_ID, KAFKA_NODE_ID) is checked against it, never taken:
// a fixed number in a StatefulSet template would give every pod the same id.
import { AgentError } from '../../core/errors.ts';
import { serverId, type PodIdentity } from '../../core/identity.ts';
import type { BrokerProperty } from '../broker-properties.ts';
import type { KafkaSettings } from '../settings.ts';
import { derive, type Draft } from './draft.ts';
import { shown } from './invalid.ts';
import type { KafkaMode } from './types.ts';

/** Sets the id property; returns the id and notes on what the agent read an operator's id as. */
export function deriveId(
  draft: Draft,
  mode: KafkaMode,
  identity: PodIdentity,
  settings: Pick<KafkaSettings, 'AGENT_REPLICAS' | 'AGENT_ID_OFFSET'>,
): { id: number; notes: string[] } {
  const replicas = settings.AGENT_REPLICAS;
  if (replicas !== undefined && identity.ordinal >= replicas) {
    throw new AgentError(
      'AGENT_ERR_IDENTITY_RANGE',
      `pod ordinal ${identity.ordinal} (${identity.hostname}) is outside the StatefulSet of AGENT_REPLICAS=${replicas} (ordinals 0..${replicas - 1}). ` +
        "Set AGENT_REPLICAS to the StatefulSet's replicas, e.g. AGENT_REPLICAS=3.",
    );
  }
  const id = serverId(identity.ordinal, settings.AGENT_ID_OFFSET);
  const notes: string[] = [];
  for (const key of ['broker.id', 'node.id']) {
    const given = draft.get(key);
    if (given) notes.push(...checkGivenId(given, id, identity, settings.AGENT_ID_OFFSET));
    draft.delete(key);
  }
  derive(draft, mode === 'kraft' ? 'node.id' : 'broker.id', String(id));
  return { id, notes };
}

/**
 * KAFKA_BROKER_ID / KAFKA_NODE_ID, when the operator sets one, must say the id the ordinal gives. The
 * handbook's manifests set KAFKA_BROKER_ID from metadata.name (`kafka-2`, not a number: helm/charts
 * #9951): the pod's own name is read as its ordinal. Any other value that disagrees is refused.
 */
function checkGivenId(given: BrokerProperty, id: number, identity: PodIdentity, offset: number): string[] {
  const value = given.value;
  if (/^\d+$/.test(value) && Number(value) === id) return [];
  const howDerived = `ordinal ${identity.ordinal} of ${identity.hostname} + AGENT_ID_OFFSET ${offset}`;
  if (value === identity.podName) {
    return [
      `${given.variable}=${value} is the pod name (metadata.name): id ${id} from its ordinal (${howDerived})`,
    ];
  }
  throw new AgentError(
    'AGENT_ERR_IDENTITY_MISMATCH',
    `${given.variable}=${shown(given)} disagrees with the id this pod derives, ${id} (${howDerived}). Nothing was written. ` +
      `Remove ${given.variable}: kafka-agent derives the id from the pod ordinal (a fixed value in a StatefulSet template gives every pod the same id).`,
  );
}
