import type { ZkConfig } from '../config.ts';

/**
 * logback.xml for ZooKeeper 3.8+/3.9 (the version the image ships): everything to the console, where the
 * container runtime collects it; the level from ZK_LOG_LEVEL (validated against a fixed list).
 * At INFO, NIOServerCnxn logs "Processing <word> command" for every four-letter word, and so does
 * NettyServerCnxn (the factory TLS runs on): with probes and scrapes that is a line every few seconds, so
 * those two loggers say only warnings unless the operator asked for DEBUG or TRACE.
 */
export function renderLogback(config: ZkConfig): string {
  const level = config.settings.ZK_LOG_LEVEL;
  const fourLetterWordLevel = level === 'INFO' ? 'WARN' : level;
  return `<!-- Written by zk-agent from ZK_LOG_LEVEL; edits are overwritten at the next start. -->
<configuration>
  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
    <encoder>
      <pattern>%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n</pattern>
    </encoder>
  </appender>
  <logger name="org.apache.zookeeper.server.NIOServerCnxn" level="${fourLetterWordLevel}"/>
  <logger name="org.apache.zookeeper.server.NettyServerCnxn" level="${fourLetterWordLevel}"/>
  <root level="${level}">
    <appender-ref ref="CONSOLE"/>
  </root>
</configuration>
`;
}
