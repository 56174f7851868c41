// KRaft's controller quorum, static: KAFKA_CONTROLLER_QUORUM_VOTERS, or on controllers one voter per pod
// of the StatefulSet (AGENT_REPLICAS). Every node is formatted against these voters, so each pod must
// derive the same list; a dynamic quorum (KIP-853) would be formatted differently per node.
import { peerHostname, requireStatefulSet, serverId, type PodIdentity } from '../../core/identity.ts';
import type { BrokerProperty } from '../broker-properties.ts';
import type { KafkaSettings } from '../settings.ts';
import { derive, type Draft } from './draft.ts';
import { invalid, shown } from './invalid.ts';
import type { ProcessRole, Voter } from './types.ts';

export interface VoterNode {
  readonly id: number;
  readonly roles: readonly ProcessRole[];
  readonly identity: PodIdentity;
  readonly settings: Pick<KafkaSettings, 'AGENT_REPLICAS' | 'AGENT_ID_OFFSET'>;
  readonly domain: () => string;
  /** The port a controller of this StatefulSet listens on (set whenever the node is a controller). */
  readonly controllerPort: number | undefined;
}

/** Sets controller.quorum.voters when derived; refuses a list that leaves this controller out. */
export function deriveVoters(draft: Draft, node: VoterNode): Voter[] {
  const { id, roles } = node;
  if (draft.has('controller.quorum.bootstrap.servers')) {
    invalid(
      'KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS (a KIP-853 dynamic quorum) is not supported: kafka-agent formats every node ' +
        'against static voters, which each pod derives alike. Remove it and set AGENT_REPLICAS (controllers of this StatefulSet) ' +
        'or KAFKA_CONTROLLER_QUORUM_VOTERS (e.g. KAFKA_CONTROLLER_QUORUM_VOTERS=1@kafka-0.kafka-hs.default.svc.cluster.local:9093)',
    );
  }
  const given = draft.get('controller.quorum.voters');
  const list = given ? parseVoters(given) : derivedVoters(node);
  const isVoter = list.some((voter) => voter.id === id);
  if (roles.includes('controller') && !isVoter) {
    invalid(
      `${given?.variable ?? 'the derived voters'} ${shown(given, formatVoters(list))} do not include this controller's node.id ${id}: ` +
        'it would be formatted as an observer and never vote. List every controller, this one included (AGENT_ID_OFFSET gives the ids).',
    );
  }
  if (!roles.includes('controller') && isVoter) {
    invalid(
      `node.id ${id} of this broker-only node is also a voter in ${given?.variable ?? 'the voters'} ${shown(given, formatVoters(list))}: ` +
        'two nodes would share an id. Give the broker StatefulSet another AGENT_ID_OFFSET (e.g. AGENT_ID_OFFSET=100).',
    );
  }
  if (!given) derive(draft, 'controller.quorum.voters', formatVoters(list));
  return list;
}

/** One voter per pod of this StatefulSet: only controllers can tell their quorum from their own pods. */
function derivedVoters({ roles, identity, settings, domain, controllerPort }: VoterNode): Voter[] {
  if (!roles.includes('controller')) {
    invalid(
      'KAFKA_CONTROLLER_QUORUM_VOTERS is required on broker-only nodes (KAFKA_PROCESS_ROLES=broker): list the controllers, ' +
        'e.g. KAFKA_CONTROLLER_QUORUM_VOTERS=100@kafka-controller-0.kafka-controller-hs.default.svc.cluster.local:9093,…',
    );
  }
  const replicas = settings.AGENT_REPLICAS;
  if (replicas === undefined) {
    invalid(
      'AGENT_REPLICAS is required to derive the controller quorum (KAFKA_PROCESS_ROLES includes controller and ' +
        "KAFKA_CONTROLLER_QUORUM_VOTERS is not set): set it to the StatefulSet's replicas (e.g. AGENT_REPLICAS=3)",
    );
  }
  const statefulSet = requireStatefulSet(identity, `AGENT_REPLICAS=${replicas}`, 'AGENT_REPLICAS=1');
  return Array.from({ length: replicas }, (_, ordinal) => ({
    id: serverId(ordinal, settings.AGENT_ID_OFFSET),
    host: `${peerHostname(statefulSet, ordinal)}.${domain()}`,
    port: controllerPort!,
  }));
}

function parseVoters(property: BrokerProperty): Voter[] {
  const voters: Voter[] = [];
  for (const item of property.value.split(',').map((part) => part.trim())) {
    const match = /^(\d+)@([A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/.exec(item);
    if (!match) {
      invalid(
        `${property.variable}=${shown(property)} has an item that is not id@host:port${property.secret ? '' : `: ${JSON.stringify(item)}`} ` +
          '(e.g. KAFKA_CONTROLLER_QUORUM_VOTERS=1@kafka-0.kafka-hs.default.svc.cluster.local:9093)',
      );
    }
    voters.push({ id: Number(match[1]), host: match[2]!, port: Number(match[3]) });
  }
  return voters;
}

function formatVoters(voters: readonly Voter[]): string {
  return voters.map((v) => `${v.id}@${v.host}:${v.port}`).join(',');
}
