// The container entrypoint: init, then the HTTP server for probes and metrics, then ZooKeeper as a child
// whose signals we forward and whose exit status becomes ours (core/run-server.ts).
import type { Env } from '../../core/env.ts';
import { createLogger } from '../../core/logger.ts';
import { runServer } from '../../core/run-server.ts';
import { watchServerTls, type TlsWatch } from '../../core/tls/rotation.ts';
import type { RunOptions } from '../../core/verbs.ts';
import { prepareZk } from '../prepare.ts';
import { createZkEndpoints } from '../runtime.ts';
import { zkServerCommand } from '../server-command.ts';

export default async function run(options: RunOptions, env: Env): Promise<number> {
  const { config, files, warnings } = prepareZk(env, options);
  const settings = config.settings;
  const logger = createLogger('zk-agent', settings.AGENT_LOG_LEVEL);
  for (const warning of warnings) logger.warn(warning);

  const identity = { hostname: config.identity.hostname, myid: config.myid, replicas: settings.ZK_REPLICAS };
  const { tls, tlsNames } = config;
  let rotation: TlsWatch | undefined;
  return runServer({
    logger,
    files,
    written: { myid: config.myid, servers: config.servers.length || 'standalone' },
    host: settings.AGENT_HOST,
    port: settings.AGENT_PORT,
    // The conf dir as this run resolved it (--conf-dir wins): the probes' TLS identity is the keystore there.
    endpoints: createZkEndpoints(
      { ...settings, ZK_CONF_DIR: config.confDir },
      identity,
      config.servers,
      logger,
    ),
    command: options.command,
    serverCommand: () => zkServerCommand(config, settings.JAVA_HOME),
    env,
    // A renewed Secret: the agent checks it and rewrites the keystore and truststore; ZooKeeper itself
    // watches their directory (client.certReload, sslQuorumReloadCertFiles) and takes them for every new
    // connection, peers' included. Nothing to restart, nothing to tell it.
    beforeStart: tls
      ? [
          async () => {
            rotation = watchServerTls({ tls, names: tlsNames, logger, onRotated: async () => {} });
          },
        ]
      : [],
    close: async () => rotation?.stop(),
  });
}
