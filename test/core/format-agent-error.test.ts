import { describe, expect, it } from 'vitest';
import { formatAgentError } from '../../agents/core/run-verb.ts';

describe('formatAgentError', () => {
  it('prints one problem as a single line after its code', () => {
    expect(formatAgentError('AGENT_ERR_IDENTITY_DOMAIN', 'cannot tell the domain')).toBe(
      'AGENT_ERR_IDENTITY_DOMAIN: cannot tell the domain\n',
    );
  });

  it('prints several problems as a counted list, one line each', () => {
    expect(formatAgentError('AGENT_ERR_ENV_INVALID', 'A is required\nB="x" must be a number')).toBe(
      'AGENT_ERR_ENV_INVALID: 2 problems:\n  - A is required\n  - B="x" must be a number\n',
    );
  });
});
