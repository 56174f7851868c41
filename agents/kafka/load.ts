// Settings and broker properties from the environment, every problem of both at once: an operator fixes
// the StatefulSet in one round. Shared by init/run (which build the whole config) and the verbs that talk
// to a running broker (serve, ok, metrics, status), so a probe sees what the broker was configured with.
import { parseEnv, type Env } from '../core/env.ts';
import { AgentError, isAgentError } from '../core/errors.ts';
import { machineHostname, readHostsFile } from '../core/host.ts';
import { brokerPropertiesFromEnv, type BrokerProperties } from './broker-properties.ts';
import { buildKafkaConfig, type KafkaConfig } from './config.ts';
import { kafkaVariables, type KafkaSettings } from './settings.ts';

export function loadKafkaEnv(env: Env): { settings: KafkaSettings; properties: BrokerProperties } {
  const problems: string[] = [];
  let settings: KafkaSettings | undefined;
  try {
    settings = parseEnv(kafkaVariables, env);
  } catch (error) {
    if (!isAgentError(error) || error.code !== 'AGENT_ERR_ENV_INVALID') throw error;
    problems.push(...error.message.split('\n'));
  }
  const { properties, problems: propertyProblems } = brokerPropertiesFromEnv(env);
  problems.push(...propertyProblems);
  if (problems.length > 0) throw new AgentError('AGENT_ERR_ENV_INVALID', problems.join('\n'));
  return { settings: settings!, properties };
}

export function loadKafkaConfig(env: Env, options: { hostname?: string; confDir?: string }): KafkaConfig {
  const { settings, properties } = loadKafkaEnv(env);
  return buildKafkaConfig({
    settings,
    properties,
    hostname: machineHostname(options.hostname),
    readHosts: readHostsFile,
    confDirOverride: options.confDir,
  });
}
