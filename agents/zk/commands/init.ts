import { formatDryRun, writeConfigFiles } from '../../core/config-files.ts';
import type { Env } from '../../core/env.ts';
import { createLogger } from '../../core/logger.ts';
import type { InitOptions, ProgramIo } from '../../core/verbs.ts';
import { prepareZk } from '../prepare.ts';

export default async function init(options: InitOptions, env: Env, io: ProgramIo): Promise<number> {
  const { config, files, warnings } = prepareZk(env, options);
  const logger = createLogger('zk-agent', config.settings.AGENT_LOG_LEVEL, io.log);
  for (const warning of warnings) logger.warn(warning);
  if (options.dryRun) {
    io.stdout.write(formatDryRun(files));
    return 0;
  }
  writeConfigFiles(files);
  logger.info({ myid: config.myid, files: files.map((file) => file.path) }, 'configuration written');
  return 0;
}
