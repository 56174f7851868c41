import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv, readSecretFile, vars, type Env } from '../../agents/core/env.ts';
import { AgentError } from '../../agents/core/errors.ts';

const definitions = {
  REPLICAS: vars.integer(1, 255, undefined, { description: 'Servers in the ensemble.', example: '3' }),
  TICK: vars.integer(1, 60_000, 2000, { description: 'tickTime.', example: '2000' }),
  PORT: vars.port(2181, { description: 'clientPort.', example: '2181' }),
  LEVEL: vars.choice(['DEBUG', 'INFO'] as const, 'INFO', { description: 'Log level.', example: 'INFO' }),
  NAME: vars.text('zk', {
    description: 'A name.',
    example: 'zk',
    pattern: /^[a-z]+$/,
    patternWords: 'lower-case letters',
  }),
  PASSWORD: vars.optional(
    (raw) => (raw.length >= 8 ? { ok: true, value: raw } : { ok: false, message: 'is too short' }),
    {
      description: 'A password.',
      example: '<8 or more characters>',
    },
  ),
};

/** The AgentError parseEnv throws for `env`, or a failed expectation when it does not throw. */
function problemsOf(env: Env, readFile?: (path: string) => string): AgentError {
  try {
    parseEnv(definitions, env, readFile);
  } catch (error) {
    expect(error).toBeInstanceOf(AgentError);
    return error as AgentError;
  }
  throw new Error('parseEnv accepted the environment');
}

describe('parseEnv', () => {
  it('applies defaults and converts types', () => {
    expect(parseEnv(definitions, { REPLICAS: '3' })).toEqual({
      REPLICAS: 3,
      TICK: 2000,
      PORT: 2181,
      LEVEL: 'INFO',
      NAME: 'zk',
      PASSWORD: undefined,
    });
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(parseEnv(definitions, { REPLICAS: '3' }))).toBe(true);
  });

  it('treats a blank value as unset: the default applies', () => {
    const parsed = parseEnv(definitions, { REPLICAS: '3', TICK: '', PORT: '   ', LEVEL: '' });
    expect([parsed.TICK, parsed.PORT, parsed.LEVEL]).toEqual([2000, 2181, 'INFO']);
  });

  it('treats a blank required value as missing, and says it is required', () => {
    expect(problemsOf({ REPLICAS: '' }).message).toBe(
      'REPLICAS is required: Servers in the ensemble. (e.g. REPLICAS=3)',
    );
  });

  it('trims the whitespace a YAML value may carry', () => {
    expect(parseEnv(definitions, { REPLICAS: ' 5 \n' }).REPLICAS).toBe(5);
  });

  it('matches choices case-insensitively and returns the canonical spelling', () => {
    expect(parseEnv(definitions, { REPLICAS: '1', LEVEL: 'debug' }).LEVEL).toBe('DEBUG');
  });

  it('reports every problem at once, one line each, naming the variable, its value and a valid value', () => {
    const error = problemsOf({ TICK: 'abc', PORT: '70000', LEVEL: 'LOUD', NAME: 'Zk' });
    expect(error.code).toBe('AGENT_ERR_ENV_INVALID');
    expect(error.message.split('\n')).toEqual([
      'REPLICAS is required: Servers in the ensemble. (e.g. REPLICAS=3)',
      'TICK="abc" must be a whole number from 1 to 60000 (e.g. TICK=2000)',
      'PORT="70000" must be from 1 to 65535 (e.g. PORT=2181)',
      'LEVEL="LOUD" must be one of DEBUG, INFO (e.g. LEVEL=INFO)',
      'NAME="Zk" must be lower-case letters (e.g. NAME=zk)',
    ]);
  });

  it('refuses numbers that are not plain whole numbers', () => {
    for (const bad of ['1.5', '1e3', '0x10', '3 servers']) {
      expect(problemsOf({ REPLICAS: bad }).message, bad).toContain(`REPLICAS=${JSON.stringify(bad)}`);
    }
  });

  it('refuses a value with a line break, whatever its pattern', () => {
    expect(problemsOf({ REPLICAS: '1', NAME: 'zk\nserver' }).message).toContain('line break');
  });
});

describe('parseEnv with <VAR>_FILE secrets', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  function secretFile(content: string): string {
    dir = mkdtempSync(join(tmpdir(), 'env-test-'));
    const path = join(dir, 'secret');
    writeFileSync(path, content);
    return path;
  }

  it('reads the value from the file, without its final newline', () => {
    const path = secretFile('correct horse battery\n');
    expect(parseEnv(definitions, { REPLICAS: '1', PASSWORD_FILE: path }).PASSWORD).toBe(
      'correct horse battery',
    );
  });

  it('never shows a value read from a file in an error, only the file', () => {
    const path = secretFile('hunter2\n');
    const { message } = problemsOf({ REPLICAS: '1', PASSWORD_FILE: path });
    expect(message).not.toContain('hunter2');
    expect(message).toBe(`PASSWORD=<from ${path}> is too short (e.g. PASSWORD=<8 or more characters>)`);
  });

  it('never shows a non-secret variable read from a file either', () => {
    const { message } = problemsOf({ REPLICAS_FILE: '/run/secrets/replicas' }, () => 'three-ish');
    expect(message).not.toContain('three-ish');
    expect(message).toContain('REPLICAS=<from /run/secrets/replicas>');
  });

  it('refuses VAR and VAR_FILE both set, in one line, without a second "required" line', () => {
    const { message } = problemsOf({ REPLICAS: '3', REPLICAS_FILE: '/run/secrets/replicas' }, () => '3');
    expect(message).toBe('REPLICAS and REPLICAS_FILE are both set: keep one (the _FILE form for secrets)');
  });

  it('names an unreadable file and why, once', () => {
    const { message } = problemsOf({ REPLICAS_FILE: '/nonexistent/replicas' });
    expect(message).toBe('REPLICAS_FILE=/nonexistent/replicas: cannot read it (ENOENT)');
  });

  it('ignores a blank VAR_FILE, like any blank value', () => {
    expect(parseEnv(definitions, { REPLICAS: '2', REPLICAS_FILE: '' }).REPLICAS).toBe(2);
  });

  it('treats a blank file as unset, like a blank value: the default applies', () => {
    for (const content of ['', '\n', '  \r\n', ' \n\t\n']) {
      const path = secretFile(content);
      expect(parseEnv(definitions, { REPLICAS: '1', TICK_FILE: path }).TICK).toBe(2000);
    }
  });

  it('names the blank file when the variable it was to set is required', () => {
    const { message } = problemsOf({ REPLICAS_FILE: '/run/secrets/replicas' }, () => ' \n');
    expect(message).toBe(
      'REPLICAS_FILE=/run/secrets/replicas is empty and REPLICAS is required: Servers in the ensemble. (e.g. REPLICAS=3)',
    );
  });

  it('strips a CRLF line end from a secret written on Windows', () => {
    expect(readSecretFile(secretFile('s3cret-value\r\n'))).toBe('s3cret-value');
  });
});
