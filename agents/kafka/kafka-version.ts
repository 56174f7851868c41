// Which Kafka is installed, read from the name of its jar in $KAFKA_HOME/libs (kafka_2.13-3.9.1.jar): it
// decides the logging config the broker reads (log4j 1 syntax up to 3.9, log4j 2 from 4.0).
import { readdirSync } from 'node:fs';

export function kafkaVersionIn(libsDir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(libsDir);
  } catch {
    return undefined;
  }
  for (const name of names) {
    const match = /^kafka_\d+\.\d+-(\d+\.\d+\.\d+)\.jar$/.exec(name);
    if (match) return match[1];
  }
  return undefined;
}

/** The major version's logging: 3.x → log4j 1 (reload4j), 4.x → log4j 2. */
export function log4jGenerationOf(version: string): 1 | 2 {
  return Number(version.split('.')[0]) >= 4 ? 2 : 1;
}
