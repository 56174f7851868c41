// The container entrypoint: init, the HTTP server for probes and metrics, KRaft storage formatted when it
// is not yet, in ZooKeeper mode a wait for this broker's old registration to expire, then the broker as a
// child whose signals we forward and whose exit status becomes ours.
import { writeConfigFiles } from '../../core/config-files.ts';
import type { Env } from '../../core/env.ts';
import { createHealthServer } from '../../core/http-server.ts';
import { createLogger } from '../../core/logger.ts';
import type { RunOptions } from '../../core/verbs.ts';
import { holdStopSignals, supervise } from '../../core/supervisor.ts';
import type { ProcessState } from '../checks/index.ts';
import { prepareKafka } from '../prepare.ts';
import { waitForStaleRegistration } from '../registration-wait.ts';
import { createKafkaEndpoints } from '../runtime.ts';
import { kafkaClientFactory } from '../runtime-client.ts';
import { brokerCommand, jmxExporterJar } from '../server-command.ts';
import { formatStorage } from '../storage.ts';

/** ZooKeeper's default session timeout in Kafka (zookeeper.session.timeout.ms). */
const DEFAULT_ZK_SESSION_TIMEOUT_MS = 18_000;

export default async function run(options: RunOptions, env: Env): Promise<number> {
  const prepared = prepareKafka(env, options);
  const { config } = prepared;
  const s = config.settings;
  const logger = createLogger('kafka-agent', s.AGENT_LOG_LEVEL);
  for (const note of config.notes) logger.info(note);
  writeConfigFiles(prepared.files);
  logger.info(
    { id: config.id, mode: config.mode, roles: config.roles, kafka: prepared.kafkaVersion ?? 'unknown' },
    'configuration written',
  );

  let processState: () => ProcessState = () => ({ state: 'not-started', why: 'the agent is preparing it' });
  const endpoints = createKafkaEndpoints(config, () => processState(), logger);
  const server = createHealthServer({ host: s.AGENT_HOST, port: s.AGENT_PORT, logger, ...endpoints });
  // Listening first: a port clash stops the pod before the broker starts, with a message that says so.
  await server.listen();
  holdStopSignals();

  // A stop signal before the broker runs ends the preparation; the agent then exits 0 (a clean stop).
  const stop = new AbortController();
  const onStop = () => {
    server.startDraining();
    stop.abort();
  };
  process.once('SIGTERM', onStop);
  process.once('SIGINT', onStop);
  const childEnv = { ...env };
  try {
    const [file, ...args] = options.command;
    if (!file && config.mode === 'kraft') {
      processState = () => ({ state: 'not-started', why: 'formatting storage' });
      await formatStorage(config, prepared, logger, childEnv);
    }
    if (config.mode === 'zookeeper' && config.peers.length > 0) {
      processState = () => ({
        state: 'not-started',
        why: 'waiting for its previous registration in ZooKeeper to expire',
      });
      const sessionTimeout = Number(
        config.properties.find(([key]) => key === 'zookeeper.session.timeout.ms')?.[1],
      );
      const createClient = kafkaClientFactory();
      await waitForStaleRegistration({
        id: config.id,
        peers: config.peers,
        logger,
        maxWaitMs:
          (Number.isFinite(sessionTimeout) ? sessionTimeout : DEFAULT_ZK_SESSION_TIMEOUT_MS) + 10_000,
        signal: stop.signal,
        liveBrokerIds: async (peer) => {
          const client = createClient(peer, s.AGENT_CHECK_TIMEOUT);
          try {
            return (await client.metadata()).brokers.map((broker) => broker.nodeId);
          } finally {
            await client.close().catch(() => {});
          }
        },
      });
    } else if (config.mode === 'zookeeper' && s.AGENT_REPLICAS === undefined) {
      logger.warn(
        'AGENT_REPLICAS is not set: a broker restarted within the ZooKeeper session timeout may exit with NodeExistsException until the old session expires (set AGENT_REPLICAS=3 so the agent waits for it)',
      );
    }
    if (stop.signal.aborted) {
      logger.info('stopped before the broker started');
      return 0;
    }
    process.off('SIGTERM', onStop);
    process.off('SIGINT', onStop);

    const jmxJar = jmxExporterJar(config);
    if (!file && !jmxJar)
      logger.warn(
        `no jmx_prometheus_javaagent-*.jar in ${s.KAFKA_HOME}/libs: /metrics has the agent's series only`,
      );
    const command: [string, ...string[]] = file
      ? [file, ...args]
      : brokerCommand(config, prepared.log4j, jmxJar);
    const hint = file
      ? undefined
      : 'Set JAVA_HOME to a Java installation (e.g. JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64) or put java on PATH.';
    return await supervise({
      command,
      env: childEnv,
      hint,
      logger,
      beforeStop: () => server.startDraining(),
      onStart: (child) => {
        processState = () =>
          child.exitCode === null && child.signalCode === null
            ? { state: 'running', pid: child.pid }
            : {
                state: 'exited',
                why: `the broker process exited (${child.signalCode ?? `status ${child.exitCode}`})`,
              };
      },
    });
  } finally {
    process.off('SIGTERM', onStop);
    process.off('SIGINT', onStop);
    await endpoints.view.close().catch(() => {});
    await server.close();
  }
}
