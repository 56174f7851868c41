// What `init` and `run` share: parse the environment, derive identity, render every file, and refuse a
// meta.properties that belongs to another broker or cluster. Nothing is written here; the caller writes
// only once everything has succeeded.
import { join } from 'node:path';
import type { FileToWrite } from '../core/atomic-write.ts';
import type { Env } from '../core/env.ts';
import type { KafkaConfig } from './config.ts';
import { kafkaVersionIn, log4jGenerationOf } from './kafka-version.ts';
import { loadKafkaConfig } from './load.ts';
import { assertMetaMatches, readMetaProperties, type MetaProperties } from './meta-properties.ts';
import { renderKafkaFiles } from './render/index.ts';

export interface PreparedKafka {
  readonly config: KafkaConfig;
  readonly files: FileToWrite[];
  /** Kafka's version in $KAFKA_HOME/libs; undefined when not installed there (init on another machine). */
  readonly kafkaVersion: string | undefined;
  readonly log4j: 1 | 2;
  /** meta.properties of every log dir (and the metadata dir), as found: what `run` decides to format by. */
  readonly metas: readonly MetaProperties[];
}

export async function prepareKafka(
  env: Env,
  options: { hostname?: string; confDir?: string; mask?: boolean },
): Promise<PreparedKafka> {
  const config = await loadKafkaConfig(env, options);
  const kafkaVersion = kafkaVersionIn(join(config.settings.KAFKA_HOME, 'libs'));
  // Without the jars to tell: ZooKeeper mode is Kafka 3.9 (log4j 1), KRaft is 4.x (log4j 2).
  const log4j = kafkaVersion ? log4jGenerationOf(kafkaVersion) : config.mode === 'zookeeper' ? 1 : 2;
  const ordinalFrom =
    config.settings.POD_INDEX === undefined
      ? `${config.identity.hostname}, ordinal`
      : `${config.identity.hostname}, POD_INDEX`;
  const expected = {
    id: config.id,
    howDerived: `${ordinalFrom} ${config.identity.ordinal} + AGENT_ID_OFFSET ${config.settings.AGENT_ID_OFFSET}`,
    clusterId: config.clusterId,
  };
  const dirs = new Map<string, string>();
  if (config.metadataLogDir)
    dirs.set(config.metadataLogDir, 'KAFKA_METADATA_LOG_DIR=/var/lib/kafka/metadata');
  for (const dir of config.logDirs) dirs.set(dir, 'KAFKA_LOG_DIRS=/var/lib/kafka/data');
  const metas = [...dirs].map(([dir, setBy]) => readMetaProperties(dir, setBy));
  for (const meta of metas) assertMetaMatches(meta, expected);
  // The mounted certificate is checked here, before anything is written or started: a bad one stops the
  // pod with a line naming the file, not the JVM with a stack trace at its first handshake.
  const tlsFiles = config.tls
    ? (await import('../core/tls/server-tls.ts')).serverTlsFiles(
        config.tls,
        config.tlsNames,
        new Date(),
        options.mask,
      )
    : [];
  const files = [...renderKafkaFiles(config, log4j, options.mask), ...tlsFiles];
  return { config, files, kafkaVersion, log4j, metas };
}
