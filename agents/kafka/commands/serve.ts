import type { Env } from '../../core/env.ts';
import { createLogger } from '../../core/logger.ts';
import type { CommonOptions } from '../../core/verbs.ts';
import { serveUntilStopped } from '../../core/serve-until-stopped.ts';
import { holdStopSignals } from '../../core/supervisor.ts';
import { brokerProcessProbe } from '../broker-process.ts';
import { loadKafkaConfig } from '../load.ts';
import { createKafkaEndpoints } from '../runtime.ts';

/** A sidecar: it sees the broker's process only when the pod shares its process namespace. */
export default async function serve(options: CommonOptions, env: Env): Promise<number> {
  const config = await loadKafkaConfig(env, { hostname: options.hostname });
  const logger = createLogger('kafka-agent', config.settings.AGENT_LOG_LEVEL);
  const endpoints = createKafkaEndpoints(config, brokerProcessProbe(config), logger);
  holdStopSignals();
  try {
    return await serveUntilStopped({
      host: config.settings.AGENT_HOST,
      port: config.settings.AGENT_PORT,
      logger,
      ...endpoints,
    });
  } finally {
    await endpoints.view.close().catch(() => {});
  }
}
