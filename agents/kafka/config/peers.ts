// ZooKeeper mode: the other brokers of this StatefulSet (AGENT_REPLICAS), which `run` asks whether this
// broker's previous registration has expired before it starts the broker again.
import { peerHostname, type PodIdentity } from '../../core/identity.ts';
import type { Draft } from './draft.ts';
import { listenersOf } from './listeners.ts';
import type { Endpoint } from './types.ts';

/** Each other pod at the port of the first broker listener this one advertises; none without replicas. */
export function zookeeperPeers(
  draft: Draft,
  controllerNames: readonly string[],
  identity: PodIdentity,
  replicas: number | undefined,
  domain: () => string,
): Endpoint[] {
  const statefulSet = identity.statefulSet;
  if (replicas === undefined || replicas <= 1 || !statefulSet) return [];
  const advertisedBroker = listenersOf(draft.get('advertised.listeners') ?? draft.get('listeners')!).find(
    (l) => !controllerNames.includes(l.name),
  );
  if (!advertisedBroker) return [];
  return Array.from({ length: replicas }, (_, ordinal) => ordinal)
    .filter((ordinal) => ordinal !== identity.ordinal)
    .map((ordinal) => ({
      host: `${peerHostname(statefulSet, ordinal)}.${domain()}`,
      port: advertisedBroker.port,
    }));
}
