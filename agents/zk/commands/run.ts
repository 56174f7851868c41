// The container entrypoint: init, then the HTTP server for probes and metrics, then ZooKeeper as a child
// whose signals we forward and whose exit status becomes ours.
import { writeConfigFiles } from '../../core/config-files.ts';
import type { Env } from '../../core/env.ts';
import { createHealthServer } from '../../core/http-server.ts';
import { createLogger } from '../../core/logger.ts';
import type { RunOptions } from '../../core/verbs.ts';
import { holdStopSignals, supervise } from '../../core/supervisor.ts';
import { prepareZk } from '../prepare.ts';
import { createZkEndpoints } from '../runtime.ts';
import { zkServerCommand } from '../server-command.ts';

export default async function run(options: RunOptions, env: Env): Promise<number> {
  const { config, files, warnings } = prepareZk(env, options);
  const settings = config.settings;
  const logger = createLogger('zk-agent', settings.AGENT_LOG_LEVEL);
  for (const warning of warnings) logger.warn(warning);
  writeConfigFiles(files);
  logger.info({ myid: config.myid, servers: config.servers.length || 'standalone' }, 'configuration written');

  const identity = { hostname: config.identity.hostname, myid: config.myid, replicas: settings.ZK_REPLICAS };
  const server = createHealthServer({
    host: settings.AGENT_HOST,
    port: settings.AGENT_PORT,
    logger,
    ...createZkEndpoints(settings, identity, config.servers, logger),
  });
  // Listening first: a port clash stops the pod before ZooKeeper starts, with a message that says so.
  await server.listen();

  const [file, ...args] = options.command;
  const command: [string, ...string[]] = file ? [file, ...args] : zkServerCommand(config, settings.JAVA_HOME);
  const hint = file
    ? undefined
    : `Set JAVA_HOME to a Java installation (e.g. JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64) or put java on PATH.`;
  holdStopSignals();
  try {
    return await supervise({
      command,
      env: { ...env },
      hint,
      logger,
      beforeStop: () => server.startDraining(),
    });
  } finally {
    await server.close();
  }
}
