import type { Env } from '../../core/env.ts';
import { createLogger } from '../../core/logger.ts';
import type { CommonOptions } from '../../core/verbs.ts';
import { serveUntilStopped } from '../../core/serve-until-stopped.ts';
import { holdStopSignals } from '../../core/supervisor.ts';
import { loadZkRuntime } from '../load.ts';
import { createZkEndpoints } from '../runtime.ts';

export default async function serve(options: CommonOptions, env: Env): Promise<number> {
  const { settings, identity, servers, unknown } = loadZkRuntime(env, options.hostname);
  const logger = createLogger('zk-agent', settings.AGENT_LOG_LEVEL);
  if (unknown) logger.warn(`GET / will not show the ensemble: ${unknown}`);
  holdStopSignals();
  return serveUntilStopped({
    host: settings.AGENT_HOST,
    port: settings.AGENT_PORT,
    logger,
    ...createZkEndpoints(settings, identity, servers, logger),
  });
}
