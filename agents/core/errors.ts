// Every expected failure carries a stable code an operator can search for (like fastify's FST_ERR_*),
// and an exit code like tini's (1 bad configuration, 126/127 a command that cannot be run). The catalogue
// below is the only list: docs/operations.md's table is generated from it (npm run docs) and checked by
// test/docs/generated-sections.test.ts.

export const EXIT_BAD_CONFIG = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANNOT_EXECUTE = 126;
export const EXIT_NOT_FOUND = 127;

export const ERROR_CATALOGUE = {
  AGENT_ERR_ENV_INVALID: 'An environment variable is missing or has a value the agent cannot use.',
  AGENT_ERR_IDENTITY_HOSTNAME:
    'The hostname has no StatefulSet ordinal (`<name>-<N>`), and POD_INDEX is not set or peers need the StatefulSet name.',
  AGENT_ERR_IDENTITY_POD_INDEX:
    "POD_INDEX disagrees with the hostname's ordinal (a fixed value in a template?); nothing was written.",
  AGENT_ERR_IDENTITY_RANGE: 'The derived id or ordinal is outside what the server or the StatefulSet allows.',
  AGENT_ERR_IDENTITY_DOMAIN:
    'The pod FQDN is needed but neither AGENT_DOMAIN nor the host resolves a domain.',
  AGENT_ERR_IDENTITY_MISMATCH:
    'An id on the data volume disagrees with the id derived for this pod; nothing was changed.',
  AGENT_ERR_FILE_WRITE: 'A config file could not be written (permissions, read-only or full filesystem).',
  AGENT_ERR_FILE_READ: 'A file the agent needs (a `<VAR>_FILE` secret, an id file) could not be read.',
  AGENT_ERR_TLS_INVALID:
    'The TLS certificate, key, CA bundle or a password file cannot be used (unreadable, not PEM, expired, mismatched, not signed by the CA, a name missing); the server was not started.',
  AGENT_ERR_HTTP_LISTEN:
    'The agent cannot listen on AGENT_HOST:AGENT_PORT (port taken, or not an address of this host).',
  AGENT_ERR_EXEC: 'The server process could not be started (command not found or not executable).',
  AGENT_ERR_STORAGE_FORMAT:
    "Kafka's storage tool failed to format a KRaft log dir, or left it without this node's meta.properties; the broker was not started.",
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An expected, operator-fixable failure: printed as its message, never with a stack trace. */
export class AgentError extends Error {
  override readonly name = 'AgentError';
  readonly code: ErrorCode;
  readonly exitCode: number;
  constructor(code: ErrorCode, message: string, exitCode: number = EXIT_BAD_CONFIG) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
  }
}

export function isAgentError(error: unknown): error is AgentError {
  return error instanceof AgentError;
}
