// ZooKeeper mode or KRaft, told by which of KAFKA_ZOOKEEPER_CONNECT and KAFKA_PROCESS_ROLES is set (never
// both, never neither), and a KRaft node's roles. A ZooKeeper-mode broker has the one role, broker.
import type { BrokerProperty } from '../broker-properties.ts';
import { valueOf, type Draft } from './draft.ts';
import { invalid, shown } from './invalid.ts';
import type { KafkaMode, ProcessRole } from './types.ts';

export function modeAndRoles(draft: Draft): { mode: KafkaMode; roles: readonly ProcessRole[] } {
  const mode = modeOf(valueOf(draft, 'process.roles'), valueOf(draft, 'zookeeper.connect'));
  return { mode, roles: mode === 'kraft' ? parseRoles(draft.get('process.roles')!) : ['broker'] };
}

function modeOf(roles: string | undefined, zookeeperConnect: string | undefined): KafkaMode {
  if (roles !== undefined && zookeeperConnect !== undefined) {
    invalid(
      'KAFKA_PROCESS_ROLES (KRaft) and KAFKA_ZOOKEEPER_CONNECT (ZooKeeper mode) are both set: choose one mode ' +
        '(e.g. KAFKA_ZOOKEEPER_CONNECT=zk-0.zk-hs.default.svc.cluster.local:2181 for Kafka 3.9, or KAFKA_PROCESS_ROLES=broker,controller for KRaft)',
    );
  }
  if (roles !== undefined) return 'kraft';
  if (zookeeperConnect !== undefined) return 'zookeeper';
  return invalid(
    'neither KAFKA_ZOOKEEPER_CONNECT nor KAFKA_PROCESS_ROLES is set: set KAFKA_ZOOKEEPER_CONNECT for ZooKeeper mode ' +
      '(Kafka 3.9, e.g. KAFKA_ZOOKEEPER_CONNECT=zk-0.zk-hs.default.svc.cluster.local:2181) or KAFKA_PROCESS_ROLES for KRaft ' +
      '(e.g. KAFKA_PROCESS_ROLES=broker,controller)',
  );
}

function parseRoles(property: BrokerProperty): ProcessRole[] {
  const roles = property.value.split(',').map((role) => role.trim().toLowerCase());
  const valid = roles.every((role) => role === 'broker' || role === 'controller');
  if (!valid || roles.length === 0 || new Set(roles).size !== roles.length) {
    invalid(
      `KAFKA_PROCESS_ROLES=${shown(property)} must be broker, controller or broker,controller (e.g. KAFKA_PROCESS_ROLES=broker,controller)`,
    );
  }
  return (['broker', 'controller'] as const).filter((role) => roles.includes(role));
}
