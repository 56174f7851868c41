// Raw @platformatic/kafka responses recorded from real brokers (Kafka 4.2.0 KRaft, two brokers; Kafka
// 3.9.1 ZooKeeper mode, one broker) by a throwaway script; bigints are stored as "123n".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../fixtures/kafka/protocol/', import.meta.url));

export function fixture<T>(name: string): T {
  const text = readFileSync(join(DIR, `${name}.json`), 'utf8');
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' && /^-?\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
  ) as T;
}
