// Structured logs (pino) on stderr: stdout stays clean for `metrics` and the server's own output.
import { pino, type Logger } from 'pino';

import type { LogLevel } from './log-levels.ts';

export type { Logger };

/** `sink`: where the JSON lines go instead of fd 2 (a verb run in-process by a test). */
export function createLogger(
  agent: string,
  level: LogLevel,
  sink?: { write(line: string): unknown },
): Logger {
  return pino(
    { name: agent, level, base: { agent }, timestamp: pino.stdTimeFunctions.isoTime },
    sink ?? pino.destination({ fd: 2, sync: true }),
  );
}
