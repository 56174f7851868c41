// The agent's log levels, apart from logger.ts so that parsing AGENT_LOG_LEVEL does not load pino:
// exec probes (`ok`) never log and should not pay for it.
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
