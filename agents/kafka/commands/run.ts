// The container entrypoint: init, the HTTP server for probes and metrics, KRaft storage formatted when it
// is not yet, in ZooKeeper mode a wait for this broker's old registration to expire, then the broker as a
// child whose signals we forward and whose exit status becomes ours (core/run-server.ts). With
// AGENT_TLS_DIR, a renewed certificate is loaded into the running broker (tls-reload.ts).
import type { Env } from '../../core/env.ts';
import { createLogger } from '../../core/logger.ts';
import { runServer } from '../../core/run-server.ts';
import type { RunOptions } from '../../core/verbs.ts';
import { kafkaBeforeStart } from '../before-start.ts';
import type { ProcessState } from '../checks/index.ts';
import { prepareKafka } from '../prepare.ts';
import { createKafkaEndpoints } from '../runtime.ts';
import { brokerCommand, jmxExporterJar } from '../server-command.ts';
import { watchKafkaTls } from '../tls-reload.ts';

export default async function run(options: RunOptions, env: Env): Promise<number> {
  const prepared = await prepareKafka(env, options);
  const { config } = prepared;
  const s = config.settings;
  const logger = createLogger('kafka-agent', s.AGENT_LOG_LEVEL);
  for (const note of config.notes) logger.info(note);

  let processState: () => ProcessState = () => ({ state: 'not-started', why: 'the agent is preparing it' });
  const endpoints = createKafkaEndpoints(config, () => processState(), logger);
  const tlsWatch = watchKafkaTls(config, endpoints.view, logger, () => processState().state === 'running');
  return runServer({
    logger,
    files: prepared.files,
    written: {
      id: config.id,
      mode: config.mode,
      roles: config.roles,
      kafka: prepared.kafkaVersion ?? 'unknown',
    },
    host: s.AGENT_HOST,
    port: s.AGENT_PORT,
    endpoints,
    command: options.command,
    serverCommand: () => {
      const jmxJar = jmxExporterJar(config);
      if (!jmxJar)
        logger.warn(
          `no jmx_prometheus_javaagent-*.jar in ${s.KAFKA_HOME}/libs: /metrics has the agent's series only`,
        );
      return brokerCommand(config, prepared.log4j, jmxJar);
    },
    env,
    beforeStart: kafkaBeforeStart(prepared, logger, (why) => {
      processState = () => ({ state: 'not-started', why });
    }),
    onStart: (child) => {
      processState = () =>
        child.exitCode === null && child.signalCode === null
          ? { state: 'running', pid: child.pid }
          : {
              state: 'exited',
              why: `the broker process exited (${child.signalCode ?? `status ${child.exitCode}`})`,
            };
    },
    close: () => {
      tlsWatch?.stop();
      return endpoints.view.close().catch(() => {});
    },
  });
}
