// Structured logs (pino) on stderr: stdout stays clean for `metrics` and the server's own output.
import { pino, type Logger } from 'pino';

import type { LogLevel } from './log-levels.ts';

export type { Logger };

export function createLogger(agent: string, level: LogLevel): Logger {
  return pino(
    { name: agent, level, base: { agent }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ fd: 2, sync: true }),
  );
}
