// The one-server ZooKeeper pod of the image tests (zk-0 of a standalone ensemble, small heap): the image
// under test in zookeeper.test.ts and the ensemble the ZooKeeper-mode broker joins.
import type { PodSpec } from './pod-spec.ts';

export const ZK_IMAGE = 'statefulset-agents/zookeeper:3.9.5';

export const STANDALONE_ZK: PodSpec = {
  image: ZK_IMAGE,
  hostname: 'zk-0',
  domain: 'zk-hs.default.svc.cluster.local',
  env: { ZK_REPLICAS: '1', ZK_HEAP_SIZE: '256M' },
  volumes: ['/var/lib/zookeeper', '/opt/zookeeper/conf'],
};
