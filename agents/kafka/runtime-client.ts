// The one way the agent builds its protocol client (a function, so tests and verbs share it).
import type { Endpoint } from './config.ts';
import { createKafkaClient } from './protocol/client.ts';

export function kafkaClientFactory() {
  return (target: Endpoint, timeoutMs: number) =>
    createKafkaClient({ host: target.host, port: target.port, timeoutMs, clientId: 'kafka-agent' });
}
