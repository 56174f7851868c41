// A Kafka pod's identity as it lives on its volume: meta.properties (broker.id or node.id, cluster.id,
// directory.id), and the volume itself. Equal before and after a fault = the same broker on the same data.
import type { LocalCluster } from '../runner/cluster.ts';
import { KAFKA_DATA_MOUNT } from './kafka-client.ts';
import { dataVolume, podFile } from './pods.ts';

export const META_PROPERTIES = 'data/meta.properties';

/** meta.properties' keys and values, without the date comment Kafka writes above them. */
export function parseMetaProperties(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line.includes('=') && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).trim()]);
  return Object.fromEntries(entries) as Record<string, string>;
}

export async function kafkaIdentity(
  cluster: LocalCluster,
  pod: string,
): Promise<{ meta: Record<string, string>; volume: string }> {
  const meta = parseMetaProperties(await podFile(cluster, pod, `${KAFKA_DATA_MOUNT}/${META_PROPERTIES}`));
  return { meta, volume: await dataVolume(cluster, pod, KAFKA_DATA_MOUNT) };
}
