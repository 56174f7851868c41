// readPasswordFile: a `<VAR>_FILE` password as the Secret holds it, less the newline editors and
// `kubectl create secret --from-file` leave; a file that cannot give a password is one line naming the
// variable and the file, never a character of what the file holds.
import { afterAll, describe, expect, it } from 'vitest';
import { readPasswordFile } from '../../../agents/core/tls/password-file.ts';
import { TestPki } from '../../helpers/test-pki.ts';

const VARIABLE = 'KAFKA_SSL_KEY_PASSWORD';

const files = new TestPki('tls-password');
afterAll(() => files.remove());

describe('readPasswordFile', () => {
  it('gives the password without its trailing newline, and nothing else trimmed', () => {
    expect(readPasswordFile(VARIABLE, files.file('unix', 'correct horse\n'))).toEqual({
      ok: true,
      password: 'correct horse',
    });
    expect(readPasswordFile(VARIABLE, files.file('windows', 'correct horse\r\n'))).toEqual({
      ok: true,
      password: 'correct horse',
    });
    expect(readPasswordFile(VARIABLE, files.file('spaces', ' correct horse \n'))).toEqual({
      ok: true,
      password: ' correct horse ',
    });
  });

  it('names the variable and the file when the file cannot be read', () => {
    const missing = files.path('missing');
    expect(readPasswordFile(VARIABLE, missing)).toEqual({
      ok: false,
      problem: `${VARIABLE}_FILE=${missing} cannot be read (ENOENT): mount the Secret key that holds the password at that path, readable by the container's user`,
    });
  });

  it('refuses an empty file (an empty Secret key)', () => {
    const empty = files.file('empty', '\n');
    expect(readPasswordFile(VARIABLE, empty)).toEqual({
      ok: false,
      problem: `${VARIABLE}_FILE=${empty} is empty: put the password in the Secret key mounted there`,
    });
  });

  it('refuses a file of only white space, without showing it', () => {
    const blank = files.file('blank', ' \t \n');
    const read = readPasswordFile(VARIABLE, blank);
    expect(read).toEqual({
      ok: false,
      problem: `${VARIABLE}_FILE=${blank} holds only white space: put the password in the Secret key mounted there`,
    });
    expect(read.ok || read.problem.includes('\t')).toBe(false);
  });

  it('quotes a path with a line break, so the problem stays one line', () => {
    const odd = files.path('pass\nword');
    const read = readPasswordFile(VARIABLE, odd);
    expect(read.ok).toBe(false);
    expect(read.ok || read.problem).toContain(`${VARIABLE}_FILE=${JSON.stringify(odd)} cannot be read`);
  });
});
