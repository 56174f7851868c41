// Every broker property name a Kafka version defines, as Kafka itself lists them: `kafka.server.KafkaConfig`'s
// main prints the broker config docs (the HTML the Kafka site's "Broker Configs" page is built from),
// one `id="brokerconfigs_<name>"` anchor per property. Run on the jars the tests already use.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { kafkaHome, type KafkaMode } from '../../../tools/harness/fetch-kafka.ts';

const cache = new Map<KafkaMode, ReadonlySet<string>>();

export function kafkaConfigNames(mode: KafkaMode): ReadonlySet<string> {
  const cached = cache.get(mode);
  if (cached) return cached;
  const html = execFileSync('java', ['-cp', join(kafkaHome(mode), 'libs', '*'), 'kafka.server.KafkaConfig'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 * 2 ** 20,
  });
  const names = new Set([...html.matchAll(/id="brokerconfigs_([^"]+)"/g)].map((match) => match[1]!));
  if (names.size < 100)
    throw new Error(`kafka.server.KafkaConfig (${mode}) listed only ${names.size} properties`);
  cache.set(mode, names);
  return names;
}
