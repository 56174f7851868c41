// The broker's logging config, in the syntax of the Kafka in use: 3.x reads log4j 1 (reload4j) from
// -Dlog4j.configuration, 4.x log4j 2 from -Dlog4j2.configurationFile. Without one the broker prints
// nothing at all, not even its "started" line. Everything goes to the console, where the container
// runtime collects it; the config dumps and the request logger stay at WARN.
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
    '# The "… values:" dump of every config object (330 lines a start); warnings stay on.',
    'log4j.logger.kafka.server.KafkaConfig=WARN',
    'log4j.logger.org.apache.kafka.common.config.AbstractConfig=WARN',
    'log4j.logger.org.apache.zookeeper=WARN',
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.kafka.network.RequestChannel$=WARN',
    'log4j.logger.kafka.log.LogCleaner=WARN',
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
    '# The "… values:" dump of every config object (about 1,800 lines a start); warnings stay on.',
    'logger.config.name = org.apache.kafka.common.config.AbstractConfig',
    'logger.config.level = WARN',
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    'logger.requestChannel.name = kafka.network.RequestChannel$',
    'logger.requestChannel.level = WARN',
    'logger.cleaner.name = kafka.log.LogCleaner',
    'logger.cleaner.level = WARN',
    '',
  ].join('\n');
}
