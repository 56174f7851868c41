// Settings and broker properties from the environment, every problem of both at once: an operator fixes
// the StatefulSet in one round. Shared by init/run (which build the whole config) and the verbs that talk
// to a running broker (serve, ok, metrics, status), so a probe sees what the broker was configured with.
import { parseEnv, type Env } from '../core/env.ts';
import { AgentError, isAgentError } from '../core/errors.ts';
import { machineHostname, readHostsFile } from '../core/host.ts';
import { readPasswordFile } from '../core/tls/password-file.ts';
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

export async function loadKafkaConfig(
  env: Env,
  options: { hostname?: string; confDir?: string },
): Promise<KafkaConfig> {
  const { settings, properties } = loadKafkaEnv(env);
  return buildKafkaConfig({
    settings,
    properties,
    hostname: machineHostname(options.hostname),
    readHosts: readHostsFile,
    confDirOverride: options.confDir,
    saslPassword: agentSaslPassword(settings),
    tls: await serverTls(settings, options.confDir),
  });
}

/**
 * The TLS files when AGENT_TLS_DIR is set. The module is loaded only then: it brings node:crypto, which
 * an exec probe of a pod without TLS has no use for (test/kafka/exec-verbs-loads.test.ts).
 */
async function serverTls(settings: KafkaSettings, confDir: string | undefined) {
  if (settings.AGENT_TLS_DIR === undefined) return undefined;
  const { clientTlsOptions, serverTlsOf } = await import('../core/tls/server-tls.ts');
  const files = serverTlsOf(settings.AGENT_TLS_DIR, confDir ?? settings.AGENT_CONF_DIR)!;
  return { files, clientOptions: () => clientTlsOptions(files) };
}

/** AGENT_KAFKA_SASL_PASSWORD_FILE's password; a file that cannot give one stops the agent, naming it. */
function agentSaslPassword(settings: KafkaSettings): string | undefined {
  const file = settings.AGENT_KAFKA_SASL_PASSWORD_FILE;
  // Without the user, config/target.ts says what is missing: the file is no use alone.
  if (file === undefined || settings.AGENT_KAFKA_SASL_USERNAME === undefined) return undefined;
  const read = readPasswordFile('AGENT_KAFKA_SASL_PASSWORD', file);
  if (!read.ok) throw new AgentError('AGENT_ERR_ENV_INVALID', read.problem);
  return read.password;
}
