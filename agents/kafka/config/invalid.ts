// How a config step refuses a value: AGENT_ERR_ENV_INVALID, naming the variable and showing its value
// unless the value is a secret.
import { AgentError } from '../../core/errors.ts';
import type { BrokerProperty } from '../broker-properties.ts';

export function invalid(message: string): never {
  throw new AgentError('AGENT_ERR_ENV_INVALID', message);
}

/**
 * A property's value for an error message, or `<secret>` when it came from a `_FILE` or a secret-looking
 * name: an error message ends up in the pod's log, where no secret may appear, not even a mistyped one.
 * `fallback`: what to show when no variable gave it (a default or a derived value).
 */
export function shown(property: BrokerProperty | undefined, fallback?: string): string {
  if (property?.secret) return '<secret>';
  return JSON.stringify(property?.value ?? fallback);
}
