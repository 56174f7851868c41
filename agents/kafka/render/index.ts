// The files `kafka-agent init` writes: the only list. A new file is its renderer, a line here and a golden.
import { join } from 'node:path';
import type { FileToWrite } from '../../core/atomic-write.ts';
import type { KafkaConfig } from '../config.ts';
import { JMX_EXPORTER_RULES } from './jmx-exporter-rules.ts';
import { log4jFileName, renderLog4j } from './log4j.ts';
import { renderServerProperties } from './server-properties.ts';

const CONF_DIR = 'AGENT_CONF_DIR or --conf-dir';
export const JMX_EXPORTER_FILE = 'jmx-exporter.yaml';

/** `mask`: secrets shown as <secret> (for --dry-run, which prints to a terminal or a log). */
export function renderKafkaFiles(config: KafkaConfig, log4j: 1 | 2, mask = false): FileToWrite[] {
  return [
    {
      path: join(config.confDir, 'server.properties'),
      content: renderServerProperties(config, mask),
      setBy: CONF_DIR,
      // It may hold passwords from _FILE secrets: readable by the broker's user only.
      mode: 0o600,
    },
    {
      path: join(config.confDir, log4jFileName(log4j)),
      content: renderLog4j(config, log4j),
      setBy: CONF_DIR,
    },
    { path: join(config.confDir, JMX_EXPORTER_FILE), content: JMX_EXPORTER_RULES, setBy: CONF_DIR },
  ];
}
