// The container entrypoint: init, then the HTTP server for probes and metrics, then ZooKeeper as a child
// whose signals we forward and whose exit status becomes ours.
import { writeConfigFiles } from '../../core/config-files.ts';
import type { Env } from '../../core/env.ts';
import { createLogger } from '../../core/logger.ts';
import type { RunOptions } from '../../core/program.ts';
import { supervise } from '../../core/supervisor.ts';
import { prepareZk } from '../prepare.ts';
import { zkServerCommand } from '../server-command.ts';

export default async function run(options: RunOptions, env: Env): Promise<number> {
  const { config, files, warnings } = prepareZk(env, options);
  const logger = createLogger('zk-agent', config.settings.AGENT_LOG_LEVEL);
  for (const warning of warnings) logger.warn(warning);
  writeConfigFiles(files);
  logger.info({ myid: config.myid, servers: config.servers.length || 'standalone' }, 'configuration written');

  const [file, ...args] = options.command;
  const command: [string, ...string[]] = file ? [file, ...args] : zkServerCommand(config, env.JAVA_HOME);
  return supervise({ command, logger });
}
