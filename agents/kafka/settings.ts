// Every variable kafka-agent reads that is not a broker property, with its default: the agent's own
// AGENT_* settings, the cluster id, and the JVM/script variables Apache's kafka-run-class.sh reads (those
// are excluded from the KAFKA_* → property rule, broker-properties.ts). The README's variable table is
// generated from this object; the broker properties themselves are the KAFKA_* rule's business.
import { agentVariables } from '../core/agent-settings.ts';
import { choiceCheck, integerCheck, textCheck, vars, type Parsed } from '../core/env.ts';
import { clusterIdCheck } from './cluster-id.ts';

const PATH = { pattern: /^\/[^\s]*$/, patternWords: 'an absolute path without spaces' };
export const KAFKA_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'OFF'] as const;

export const kafkaVariables = {
  ...agentVariables(9308),
  AGENT_CONF_DIR: vars.text('/opt/kafka/config', {
    description:
      'Where server.properties, the log4j config and the JMX exporter rules are written (`--conf-dir` overrides).',
    example: '/opt/kafka/config',
    ...PATH,
  }),
  AGENT_REPLICAS: vars.optional(integerCheck(1, 1000), {
    description:
      "Pods in this StatefulSet (its replicas). KRaft: the controller quorum's voters are derived from it; ZooKeeper mode: the peers asked whether this broker's old registration is gone before it starts.",
    example: '3',
  }),
  AGENT_KAFKA_PORT: vars.optional(integerCheck(1, 65535), {
    description:
      "Port on 127.0.0.1 the agent's checks use. Default: the first listener that is not a controller's (controller-only nodes: the controller listener) whose protocol the agent can speak, PLAINTEXT first, then SSL (with AGENT_TLS_DIR: the pod's certificate as the agent's client identity), then SASL_SSL and SASL_PLAINTEXT (with AGENT_KAFKA_SASL_USERNAME).",
    example: '9092',
  }),
  AGENT_KAFKA_SASL_USERNAME: vars.optional(textCheck(/^[^\s,=]+$/, 'a SCRAM user name without spaces'), {
    description:
      "SCRAM-SHA-512 user the agent's checks authenticate as on a SASL_SSL or SASL_PLAINTEXT listener (with AGENT_KAFKA_SASL_PASSWORD_FILE). Its credentials must exist before the agent can call the broker ready.",
    example: 'kafka-agent',
  }),
  AGENT_KAFKA_SASL_PASSWORD_FILE: vars.optional(textCheck(PATH.pattern, PATH.patternWords), {
    description:
      "File holding AGENT_KAFKA_SASL_USERNAME's password (a mounted Secret key); read at start, never logged or shown.",
    example: '/etc/kafka-agent/sasl/password',
  }),
  AGENT_JMX_EXPORTER_PORT: vars.port(9404, {
    description:
      "Port of the Prometheus JMX exporter java agent, bound to 127.0.0.1; its series are served on the agent's /metrics.",
    example: '9404',
  }),
  AGENT_READY_IN_SYNC: vars.custom(choiceCheck(['true', 'false'] as const), 'true', {
    description:
      'Readiness waits until this broker is back in the ISR of every partition it hosts (what keeps a rolling restart from taking two replicas away). `false`: ready once registered and unfenced.',
    example: 'true',
    defaultText: 'true',
  }),
  CLUSTER_ID: vars.optional(clusterIdCheck, {
    description:
      'KRaft: the cluster id every node is formatted with, 22 characters of base64url (`kafka-storage.sh random-uuid`); required, never invented. Checked against meta.properties on every start.',
    example: 'MkU3OEVBNTcwNTJENDM2Qk',
  }),
  KAFKA_HOME: vars.text('/opt/kafka', {
    description:
      'Where Kafka is installed, in the Apache layout: `run` starts the broker from $KAFKA_HOME/libs/*. Not a broker property.',
    example: '/opt/kafka',
    ...PATH,
  }),
  KAFKA_HEAP_OPTS: vars.custom(textCheck(), '-Xmx1G -Xms1G', {
    description: "The broker's heap flags, as kafka-server-start.sh reads them.",
    example: '-Xmx1G -Xms1G',
    defaultText: '-Xmx1G -Xms1G',
  }),
  KAFKA_JVM_PERFORMANCE_OPTS: vars.custom(
    textCheck(),
    '-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true',
    {
      description: "The broker's GC and JIT flags, as kafka-run-class.sh reads them (its default).",
      example: '-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20',
      defaultText: "kafka-run-class.sh's G1 flags",
    },
  ),
  KAFKA_OPTS: vars.custom(textCheck(), '', {
    description: 'Other JVM flags of the broker (last on the command line, so they win).',
    example: '-Djava.security.auth.login.config=/etc/kafka/jaas.conf',
    defaultText: '(none)',
  }),
  KAFKA_LOG4J_ROOT_LOGLEVEL: vars.choice(KAFKA_LOG_LEVELS, 'INFO', {
    description: "The broker's root log level in the log4j config the agent writes (Confluent's name).",
    example: 'INFO',
  }),
  JAVA_HOME: vars.optional(textCheck(PATH.pattern, PATH.patternWords), {
    description: '`run` starts $JAVA_HOME/bin/java; unset: `java` from PATH.',
    example: '/usr/lib/jvm/java-17-openjdk-amd64',
  }),
};

export type KafkaSettings = Parsed<typeof kafkaVariables>;
