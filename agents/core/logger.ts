// Structured logs (pino) on stderr: stdout stays clean for `metrics` and the server's own output.
import { pino, type Logger } from 'pino';

export type { Logger };
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(agent: string, level: LogLevel): Logger {
  return pino(
    { name: agent, level, base: { agent }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ fd: 2, sync: true }),
  );
}
