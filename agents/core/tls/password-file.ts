// A TLS password from a `<VAR>_FILE` (a mounted Secret key). Unlike other `<VAR>_FILE` values, which
// count as unset when blank (env.ts), a password file that is named must hold a password: a blank one is
// a Secret key left empty, and the server would fail later with a less helpful message. The password
// itself never appears in a message, not even in part.
import { readSecretFile, shownPath } from '../env.ts';

export type PasswordRead = { ok: true; password: string } | { ok: false; problem: string };

/** `variable`: the setting without its `_FILE` suffix (KAFKA_SSL_KEY_PASSWORD); `file`: its path. */
export function readPasswordFile(variable: string, file: string): PasswordRead {
  const named = `${variable}_FILE=${shownPath(file)}`;
  let password: string;
  try {
    password = readSecretFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return {
      ok: false,
      problem: `${named} cannot be read (${code}): mount the Secret key that holds the password at that path, readable by the container's user`,
    };
  }
  if (password === '')
    return { ok: false, problem: `${named} is empty: put the password in the Secret key mounted there` };
  if (password.trim() === '')
    return {
      ok: false,
      problem: `${named} holds only white space: put the password in the Secret key mounted there`,
    };
  return { ok: true, password };
}
