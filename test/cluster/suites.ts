// The two halves of the real-cluster suites, by Kafka's mode: CLUSTER_SUITES=zookeeper-mode or kraft runs
// one (test/cluster/vitest.config.ts), as .ci/run does when cold builds have used its time.
export const SUITES: Readonly<Record<string, readonly string[]>> = {
  'zookeeper-mode': [
    'test/cluster/zookeeper.cluster.ts',
    'test/cluster/kafka.cluster.ts',
    'test/cluster/monitoring.cluster.ts',
    'test/cluster/docs-commands.cluster.ts',
  ],
  kraft: [
    'test/cluster/kafka-kraft.cluster.ts',
    'test/cluster/network-policy.cluster.ts',
    'test/cluster/secure.cluster.ts',
  ],
};
