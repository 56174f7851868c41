// The `run` verb both agents share, the container's entrypoint: write the config files, serve probes and
// metrics, then run the server (or the command after `--`) as a child whose signals are forwarded and
// whose exit status becomes the agent's. What must happen before an agent's server may start (Kafka:
// format KRaft storage, wait for an old ZooKeeper-mode registration to expire) comes in as hooks.
import type { FileToWrite } from './atomic-write.ts';
import { writeConfigFiles } from './config-files.ts';
import type { Env } from './env.ts';
import { createHealthServer, type HealthServerOptions } from './http-server.ts';
import type { Logger } from './logger.ts';
import { holdStopSignals, supervise, type SuperviseOptions } from './supervisor.ts';

/** What a hook that runs before the server starts is told. */
export interface BeforeStartContext {
  /** Aborted by SIGTERM/SIGINT: a hook that waits ends its wait, and the server is not started. */
  readonly signal: AbortSignal;
  /** The operator's command runs instead of the server (`run -- CMD`). */
  readonly customCommand: boolean;
  /** The child's environment: the agent's own. */
  readonly env: NodeJS.ProcessEnv;
}

export type BeforeStart = (context: BeforeStartContext) => Promise<void>;

export interface RunServerOptions {
  readonly logger: Logger;
  /** The rendered config files: written all or none before anything else happens. */
  readonly files: readonly FileToWrite[];
  /** Logged with "configuration written": who this pod turned out to be. */
  readonly written: Readonly<Record<string, unknown>>;
  /** Where the HTTP server listens (AGENT_HOST, AGENT_PORT) and what it serves. */
  readonly host: string;
  readonly port: number;
  readonly endpoints: Omit<HealthServerOptions, 'host' | 'port' | 'logger'>;
  /** `run -- CMD`: the operator's command; empty for the server's own. */
  readonly command: readonly string[];
  /** The server's own command, built only when it is the one to run (after the hooks). */
  readonly serverCommand: () => [string, ...string[]];
  readonly env: Env;
  /** Run in order once the HTTP server listens, before the child starts. */
  readonly beforeStart?: readonly BeforeStart[];
  /** Told once the child runs (liveness asks it whether the process is still there). */
  readonly onStart?: SuperviseOptions['onStart'];
  /** Releases what the endpoints hold (a client), before the HTTP server closes. */
  readonly close?: () => Promise<void>;
}

/** Both servers' own commands start java. */
const JAVA_HINT =
  'Set JAVA_HOME to a Java installation (e.g. JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64) or put java on PATH.';

/** Resolves with the agent's exit status: the child's, or 0 when a stop signal came before it started. */
export async function runServer(options: RunServerOptions): Promise<number> {
  const { logger } = options;
  writeConfigFiles(options.files);
  logger.info(options.written, 'configuration written');

  const server = createHealthServer({
    host: options.host,
    port: options.port,
    logger,
    ...options.endpoints,
  });
  // Listening first: a port clash stops the pod before the server starts, with a message that says so.
  await server.listen();
  holdStopSignals();

  // A stop signal before the server runs ends the preparation; the agent then exits 0 (a clean stop).
  const stop = new AbortController();
  const onStop = () => {
    server.startDraining();
    stop.abort();
  };
  const stopOnSignal = (on: boolean) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      if (on) process.once(signal, onStop);
      else process.off(signal, onStop);
    }
  };
  stopOnSignal(true);
  const [file, ...args] = options.command;
  const env = { ...options.env };
  try {
    for (const hook of options.beforeStart ?? []) {
      if (stop.signal.aborted) break;
      await hook({ signal: stop.signal, customCommand: Boolean(file), env });
    }
    if (stop.signal.aborted) {
      logger.info('stopped before the server started');
      return 0;
    }
    // From here the supervisor forwards stop signals to the child.
    stopOnSignal(false);
    return await supervise({
      command: file ? [file, ...args] : options.serverCommand(),
      env,
      hint: file ? undefined : JAVA_HINT,
      logger,
      beforeStop: () => server.startDraining(),
      onStart: options.onStart,
    });
  } finally {
    stopOnSignal(false);
    await options.close?.();
    await server.close();
  }
}
