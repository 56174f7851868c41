// The order server.properties is written in: the keys the agent derives first, in the order a reader looks
// for them (who the node is, how it is reached, where its data lives), then every other key sorted, so
// the same environment always renders the same file.
import type { BrokerProperty } from '../broker-properties.ts';
import type { Draft } from './draft.ts';

const DERIVED_ORDER = [
  'broker.id',
  'node.id',
  'process.roles',
  'controller.quorum.voters',
  'controller.listener.names',
  'listeners',
  'advertised.listeners',
  'listener.security.protocol.map',
  'zookeeper.connect',
  'log.dirs',
];

export function inWrittenOrder(draft: Draft): [string, BrokerProperty][] {
  return [...draft.entries()].sort(([a], [b]) => orderOf(a) - orderOf(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function orderOf(key: string): number {
  const index = DERIVED_ORDER.indexOf(key);
  return index < 0 ? DERIVED_ORDER.length : index;
}
