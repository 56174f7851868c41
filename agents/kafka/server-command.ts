// The commands `kafka-agent run` starts: the broker and Kafka's storage tool straight from the jars in
// $KAFKA_HOME/libs (a Maven artifact has no bin/ scripts), with the flags kafka-server-start.sh and
// kafka-run-class.sh would give them.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaConfig } from './config.ts';
import { JMX_EXPORTER_FILE } from './render/index.ts';
import { log4jFileName } from './render/log4j.ts';

export const KAFKA_MAIN = 'kafka.Kafka';
export const STORAGE_TOOL_MAIN = 'kafka.tools.StorageTool';

function words(flags: string): string[] {
  return flags.split(/\s+/).filter((flag) => flag !== '');
}

function java(config: KafkaConfig): string {
  return config.settings.JAVA_HOME ? join(config.settings.JAVA_HOME, 'bin', 'java') : 'java';
}

export function libsDir(config: KafkaConfig): string {
  return join(config.settings.KAFKA_HOME, 'libs');
}

/** The JMX exporter java agent's jar in libs/, if the image has it (without it the broker runs unobserved). */
export function jmxExporterJar(config: KafkaConfig, list = readdirSync): string | undefined {
  try {
    const name = list(libsDir(config)).find((file) => /^jmx_prometheus_javaagent-.*\.jar$/.test(file));
    return name ? join(libsDir(config), name) : undefined;
  } catch {
    return undefined;
  }
}

export function log4jFlag(config: KafkaConfig, generation: 1 | 2): string {
  const file = join(config.confDir, log4jFileName(generation));
  return generation === 1 ? `-Dlog4j.configuration=file:${file}` : `-Dlog4j2.configurationFile=file:${file}`;
}

/**
 * log4j 2 stops logging from its own shutdown hook while Kafka's is still running, so the end of a
 * controlled shutdown ("shut down completed") would never be printed; Kafka's own scripts turn it off too.
 */
function log4jShutdownFlags(generation: 1 | 2): string[] {
  return generation === 2 ? ['-Dlog4j2.shutdownHookEnabled=false'] : [];
}

export function brokerCommand(
  config: KafkaConfig,
  log4j: 1 | 2,
  jmxJar: string | undefined,
): [string, ...string[]] {
  const s = config.settings;
  // Bound to 127.0.0.1: the agent serves these series on its own /metrics, one scrape target per pod.
  const exporter = jmxJar
    ? [
        `-javaagent:${jmxJar}=127.0.0.1:${s.AGENT_JMX_EXPORTER_PORT}:${join(config.confDir, JMX_EXPORTER_FILE)}`,
      ]
    : [];
  return [
    java(config),
    ...words(s.KAFKA_HEAP_OPTS),
    ...words(s.KAFKA_JVM_PERFORMANCE_OPTS),
    log4jFlag(config, log4j),
    ...log4jShutdownFlags(log4j),
    ...exporter,
    ...words(s.KAFKA_OPTS),
    '-cp',
    join(libsDir(config), '*'),
    KAFKA_MAIN,
    join(config.confDir, 'server.properties'),
  ];
}

/**
 * `kafka-storage.sh format` for this node, against the static voters in server.properties. Never
 * --standalone or --initial-controllers: neither combines with static voters, and an --initial-controllers
 * that leaves this node out formats it as an observer, exit status 0. `ignoreFormatted` only when some
 * log dirs are formatted already (a disk was added): the tool then still checks their cluster id.
 */
export function formatCommand(
  config: KafkaConfig,
  log4j: 1 | 2,
  ignoreFormatted: boolean,
): [string, ...string[]] {
  return [
    java(config),
    '-Xmx128m',
    log4jFlag(config, log4j),
    '-cp',
    join(libsDir(config), '*'),
    STORAGE_TOOL_MAIN,
    'format',
    '--config',
    join(config.confDir, 'server.properties'),
    // One argument: an id may start with '-' (base64url), which the tool would read as an option.
    `--cluster-id=${config.clusterId!}`,
    ...(ignoreFormatted ? ['--ignore-formatted'] : []),
  ];
}
