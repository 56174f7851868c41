// The broker's logging config, in the syntax of the Kafka in use: 3.x reads log4j 1 (reload4j) from
// -Dlog4j.configuration, 4.x log4j 2 from -Dlog4j2.configurationFile. Without one the broker prints
// nothing at all, not even its "started" line (FACTS.md). Everything goes to the console, where the
// container runtime collects it; the request logger stays at WARN (a line per request at INFO/DEBUG).
import type { KafkaConfig } from '../config.ts';

export function log4jFileName(generation: 1 | 2): string {
  return generation === 1 ? 'log4j.properties' : 'log4j2.properties';
}

export function renderLog4j(config: KafkaConfig, generation: 1 | 2): string {
  const level = config.settings.KAFKA_LOG4J_ROOT_LOGLEVEL;
  return generation === 1 ? log4j1(level) : log4j2(level);
}

function log4j1(level: string): string {
  return [
    '# Written by kafka-agent from KAFKA_LOG4J_ROOT_LOGLEVEL (log4j 1 syntax, Kafka 3.x).',
    `log4j.rootLogger=${level}, stdout`,
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.org.apache.zookeeper=WARN',
    '',
  ].join('\n');
}

function log4j2(level: string): string {
  return [
    '# Written by kafka-agent from KAFKA_LOG4J_ROOT_LOGLEVEL (log4j 2 syntax, Kafka 4.x).',
    'status = warn',
    'appender.stdout.type = Console',
    'appender.stdout.name = STDOUT',
    'appender.stdout.layout.type = PatternLayout',
    'appender.stdout.layout.pattern = [%d] %p %m (%c)%n',
    `rootLogger.level = ${level}`,
    'rootLogger.appenderRef.stdout.ref = STDOUT',
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    '',
  ].join('\n');
}
