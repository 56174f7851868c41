// Kafka brokers for the integration tests, the demo and the benchmarks, in the git-ignored .cache/:
// one KAFKA_HOME per line of Kafka, resolved by Maven from images/kafka/pom.xml (the pom the image uses),
// with the jars in libs/ as in the Apache distribution (no bin/: Maven artifacts carry no scripts).
//  - 3.9.1, the last line with ZooKeeper mode (`zookeeper-mode` profile, log4j 1 through reload4j);
//  - 4.2.0, KRaft only (`kraft` profile, log4j 2).
// Both homes also hold the Prometheus JMX exporter java agent (libs/jmx_prometheus_javaagent-*.jar).
// `node tools/harness/fetch-kafka.ts` fetches both ahead of time and prints their homes; the tests call
// `kafkaHome`, which fetches on first use and is a no-op afterwards.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './run-agent.ts';
import { mavenLibDir } from './fetch-zookeeper.ts';

export const KAFKA_ZK_MODE_VERSION = '3.9.1';
export const KAFKA_KRAFT_VERSION = '4.2.0';

export type KafkaMode = 'zookeeper' | 'kraft';

const POM = join(REPO_ROOT, 'images', 'kafka', 'pom.xml');
const LINES: Record<KafkaMode, { version: string; profile: string }> = {
  zookeeper: { version: KAFKA_ZK_MODE_VERSION, profile: 'zookeeper-mode' },
  kraft: { version: KAFKA_KRAFT_VERSION, profile: 'kraft' },
};
const JMX_EXPORTER_JAR = /^jmx_prometheus_javaagent-\d.*\.jar$/;

/** KAFKA_HOME for `mode` (.cache/kafka-<version>/, jars in libs/), fetched by Maven if missing. */
export function kafkaHome(mode: KafkaMode): string {
  const { version, profile } = LINES[mode];
  const libs = mavenLibDir({
    home: join(REPO_ROOT, '.cache', `kafka-${version}`),
    libName: 'libs',
    mainJar: new RegExp(`^kafka_2\\.13-${version.replaceAll('.', '\\.')}\\.jar$`),
    pom: POM,
    profiles: [`-P${profile}`],
    copyOptions: ['-DincludeScope=runtime'],
  });
  const home = dirname(libs);
  jmxExporterJar(home); // a pom without the agent fails here, not in the first metrics test
  return home;
}

/** The JMX exporter java agent in a KAFKA_HOME's libs/: `-javaagent:<jar>=127.0.0.1:<port>:<rules>`. */
export function jmxExporterJar(home: string): string {
  const libs = join(home, 'libs');
  const jar = readdirSync(libs).find((name) => JMX_EXPORTER_JAR.test(name));
  if (jar === undefined) {
    throw new Error(`${libs} has no jmx_prometheus_javaagent jar: is it still in images/kafka/pom.xml?`);
  }
  return join(libs, jar);
}

// `node tools/harness/fetch-kafka.ts`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.length > 2) {
    process.stderr.write(`unknown option ${process.argv.slice(2).join(' ')}; usage: fetch-kafka.ts\n`);
    process.exitCode = 2;
  } else {
    console.log(kafkaHome('zookeeper'));
    console.log(kafkaHome('kraft'));
  }
}
