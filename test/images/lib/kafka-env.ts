// Env of a one-node Kafka in a container: small heap and log-cleaner buffer (docs/design.md: a 256 MB heap
// dies at start with the default 128 MiB dedupe buffer), internal topics with one replica (one broker).
export const SMALL_BROKER: Readonly<Record<string, string>> = {
  KAFKA_HEAP_OPTS: '-Xms256m -Xmx256m',
  KAFKA_LOG_CLEANER_DEDUPE_BUFFER_SIZE: '16777216',
  KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
  KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
  KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
  KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
  AGENT_REPLICAS: '1',
};

/** The port of the broker's JMX connector (127.0.0.1 only) that kafka-jmx.sh reads in the tests. */
export const JMX_PORT = 9999;

/**
 * What the admin tools' tests ask of the broker besides SMALL_BROKER:
 *  - an authorizer, so that kafka-acls.sh can add and list ACLs; everything that no ACL names stays
 *    allowed (no ACL names anything the other tests use);
 *  - JMX over RMI on 127.0.0.1 for kafka-jmx.sh, in KAFKA_JVM_PERFORMANCE_OPTS (the agent's default G1
 *    flags, then the connector's): only the broker reads that variable. KAFKA_OPTS would reach every
 *    tool run in the container as well (an exec inherits the container's environment), and each tool's
 *    JVM would then fail to bind the same port;
 *  - KRaft: the share-group state topic with one replica (its default is 3), for the share-group tools.
 */
export function toolsBroker(mode: 'zookeeper' | 'kraft'): Record<string, string> {
  const jmx = [
    '-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true',
    `-Dcom.sun.management.jmxremote.port=${JMX_PORT} -Dcom.sun.management.jmxremote.rmi.port=${JMX_PORT}`,
    '-Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1',
    '-Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false',
  ].join(' ');
  const common = { KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND: 'true', KAFKA_JVM_PERFORMANCE_OPTS: jmx };
  return mode === 'zookeeper'
    ? { ...common, KAFKA_AUTHORIZER_CLASS_NAME: 'kafka.security.authorizer.AclAuthorizer' }
    : {
        ...common,
        KAFKA_AUTHORIZER_CLASS_NAME: 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      };
}

export { TOOL_ENV } from '../../../tools/harness/kafka-tools.ts';
