import { formatDryRun, writeConfigFiles } from '../../core/config-files.ts';
import type { Env } from '../../core/env.ts';
import { createLogger } from '../../core/logger.ts';
import type { InitOptions, ProgramIo } from '../../core/verbs.ts';
import { prepareKafka } from '../prepare.ts';

export default async function init(options: InitOptions, env: Env, io: ProgramIo): Promise<number> {
  // --dry-run prints to a terminal or a log: secrets show as <secret>.
  const { config, files } = await prepareKafka(env, { ...options, mask: options.dryRun });
  const logger = createLogger('kafka-agent', config.settings.AGENT_LOG_LEVEL, io.log);
  for (const note of config.notes) logger.info(note);
  if (options.dryRun) {
    io.stdout.write(formatDryRun(files));
    return 0;
  }
  writeConfigFiles(files);
  logger.info(
    { id: config.id, mode: config.mode, files: files.map((file) => file.path) },
    'configuration written',
  );
  return 0;
}
