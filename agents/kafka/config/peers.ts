// ZooKeeper mode: the other brokers of this StatefulSet (AGENT_REPLICAS), which `run` asks whether this
// broker's previous registration has expired before it starts the broker again.
import { peerHostname, type PodIdentity } from '../../core/identity.ts';
import type { Draft } from './draft.ts';
import { listenersOf } from './listeners.ts';
import type { Endpoint } from './types.ts';

export interface PeerSource {
  readonly controllerNames: readonly string[];
  /** The listener the agent's checks use: asked on the peers too, with the same protocol. */
  readonly listener: string | undefined;
  readonly identity: PodIdentity;
  readonly replicas: number | undefined;
  readonly domain: () => string;
}

/**
 * Each other pod at the port its agent's listener has (the first broker listener this one advertises
 * when the agent's is not advertised); none without replicas.
 */
export function zookeeperPeers(draft: Draft, source: PeerSource): Endpoint[] {
  const { controllerNames, identity, replicas, domain } = source;
  const statefulSet = identity.statefulSet;
  if (replicas === undefined || replicas <= 1 || !statefulSet) return [];
  const advertised = listenersOf(draft.get('advertised.listeners') ?? draft.get('listeners')!).filter(
    (l) => !controllerNames.includes(l.name),
  );
  const advertisedBroker = advertised.find((l) => l.name === source.listener) ?? advertised[0];
  if (!advertisedBroker) return [];
  return Array.from({ length: replicas }, (_, ordinal) => ordinal)
    .filter((ordinal) => ordinal !== identity.ordinal)
    .map((ordinal) => ({
      host: `${peerHostname(statefulSet, ordinal)}.${domain()}`,
      port: advertisedBroker.port,
    }));
}
