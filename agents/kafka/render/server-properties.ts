import { renderProperties } from '../../core/properties.ts';
import type { KafkaConfig } from '../config.ts';

/** server.properties: every key the operator set (KAFKA_*) and the ones the agent derives, nothing else. */
export function renderServerProperties(config: KafkaConfig, mask = false): string {
  const entries = mask
    ? config.properties.map(([key, value]) => [key, config.secretKeys.has(key) ? '<secret>' : value] as const)
    : config.properties;
  const what =
    config.mode === 'kraft'
      ? `KRaft ${config.roles.join(',')}, node.id ${config.id}`
      : `ZooKeeper mode, broker.id ${config.id}`;
  return renderProperties(entries, [
    `Written by kafka-agent for ${config.identity.podName} (${what}) from the KAFKA_* variables.`,
    'Rewritten at every start: change the StatefulSet, not this file.',
  ]);
}
