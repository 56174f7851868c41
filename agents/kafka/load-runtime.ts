// The config of the verbs that talk to a running broker (serve, ok, metrics, status): built exactly as
// init builds it, from the same variables, without writing anything.
import { join } from 'node:path';
import type { Env } from '../core/env.ts';
import { findBrokerProcess } from './broker-process.ts';
import type { ProcessState } from './checks/index.ts';
import type { KafkaConfig } from './config.ts';
import { loadKafkaConfig } from './load.ts';

export function loadRuntimeConfig(env: Env, hostname: string | undefined): KafkaConfig {
  return loadKafkaConfig(env, { hostname });
}

/** Liveness where the agent does not supervise the broker: a kafka.Kafka JVM of this pod's config. */
export function brokerProcessProbe(config: KafkaConfig): () => ProcessState {
  const serverProperties = join(config.confDir, 'server.properties');
  return () => findBrokerProcess(serverProperties);
}
