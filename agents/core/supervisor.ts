// Runs the server as a child and stands in for it as the container's main process, like tini:
// signals are forwarded, stdout/stderr pass through, and the agent exits with the child's status
// (128+N when the child was killed by signal N, as a shell would report it).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { AgentError, EXIT_CANNOT_EXECUTE, EXIT_NOT_FOUND } from './errors.ts';
import type { Logger } from './logger.ts';

export const FORWARDED_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;
export type ForwardedSignal = (typeof FORWARDED_SIGNALS)[number];

export interface SuperviseOptions {
  readonly command: readonly [string, ...string[]];
  readonly env?: NodeJS.ProcessEnv;
  readonly logger: Logger;
  /**
   * Runs before a stop signal (TERM/INT) reaches the child: the HTTP server turns /readyz to 503 here so
   * that Kubernetes stops routing to the pod before the server goes away.
   */
  readonly beforeStop?: (signal: ForwardedSignal) => void;
  /** Where signals come from; the process by default (tests pass an EventEmitter). */
  readonly signals?: NodeJS.EventEmitter;
  /** What to check when the command cannot be started (e.g. JAVA_HOME for the default server command). */
  readonly hint?: string;
  /** Told once the child runs: liveness asks it whether the process is still there. */
  readonly onStart?: (child: {
    readonly pid?: number;
    readonly exitCode: number | null;
    readonly signalCode: string | null;
  }) => void;
}

/**
 * Keeps stop signals from ending the agent by Node's default action (exit 143/130) while it finishes
 * on its own: after the child exited, while the HTTP server closes and logs flush. The agent's exit
 * status must stay the child's. Returns the function that removes the guard.
 */
export function holdStopSignals(signals: NodeJS.EventEmitter = process): () => void {
  const ignore = () => {};
  const held = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
  for (const signal of held) signals.on(signal, ignore);
  return () => {
    for (const signal of held) signals.off(signal, ignore);
  };
}

export function exitStatusOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const number = signal ? constants.signals[signal] : undefined;
  return 128 + (number ?? 0);
}

/** Resolves with the exit status the agent should exit with; rejects (AgentError) if the child cannot start. */
export function supervise(options: SuperviseOptions): Promise<number> {
  const { command, logger } = options;
  const signals = options.signals ?? process;
  const [file, ...args] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'inherit', env: options.env ?? process.env });
    let stopping = false;
    const forward = (signal: ForwardedSignal) => {
      if ((signal === 'SIGTERM' || signal === 'SIGINT') && !stopping) {
        stopping = true;
        options.beforeStop?.(signal);
      }
      logger.info({ signal, pid: child.pid }, 'forwarding signal to the server');
      child.kill(signal);
    };
    const handlers = FORWARDED_SIGNALS.map((signal) => [signal, () => forward(signal)] as const);
    for (const [signal, handler] of handlers) signals.on(signal, handler);
    const detach = () => {
      for (const [signal, handler] of handlers) signals.off(signal, handler);
    };

    let started = false;
    child.once('spawn', () => {
      started = true;
      logger.info({ pid: child.pid, command: file }, 'server started');
      options.onStart?.(child);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      // After the spawn, 'error' means a signal could not be delivered: the child runs on, and its
      // 'exit' still decides the agent's status.
      if (started) {
        logger.warn({ err: error.message }, 'could not signal the server');
        return;
      }
      detach();
      const notFound = error.code === 'ENOENT';
      reject(
        new AgentError(
          'AGENT_ERR_EXEC',
          `cannot start ${JSON.stringify(file)}: ${notFound ? 'command not found' : error.message}. ` +
            (options.hint ?? 'Check the command after `--`: its path, spelling and execute permission.'),
          notFound ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE,
        ),
      );
    });
    child.once('exit', (code, signal) => {
      detach();
      const status = exitStatusOf(code, signal);
      logger.info({ code, signal, status }, 'server exited');
      resolve(status);
    });
  });
}
