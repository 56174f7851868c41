// Reading one mounted TLS file into its PEM blocks, or the one line that says why it cannot be used.
// The file's content never reaches a message: a key file is a secret, and a damaged one may still be.
import { readFileSync } from 'node:fs';
import { shownPath } from '../env.ts';

/** What a file is for, in the words of a message, and the Secret key cert-manager writes it under. */
export interface TlsFileRole {
  readonly what: string;
  readonly secretKey: string;
  /** The command that turns a binary (DER) file of this kind into PEM. */
  readonly fromDer: string;
}

export const SERVER_CERTIFICATE: TlsFileRole = {
  what: 'the server certificate and its intermediates',
  secretKey: 'tls.crt',
  fromDer: 'openssl x509 -inform DER',
};
export const PRIVATE_KEY: TlsFileRole = {
  what: "the server certificate's private key",
  secretKey: 'tls.key',
  fromDer: 'openssl pkey -inform DER',
};
export const CA_BUNDLE: TlsFileRole = {
  what: 'the CA certificates that sign the servers',
  secretKey: 'ca.crt',
  fromDer: 'openssl x509 -inform DER',
};

export interface PemBlock {
  /** The label after BEGIN: CERTIFICATE, PRIVATE KEY, RSA PRIVATE KEY, ENCRYPTED PRIVATE KEY, … */
  readonly type: string;
  /** The whole block, BEGIN and END lines included, as node:crypto takes it. */
  readonly text: string;
}

export type PemRead = { ok: true; blocks: readonly PemBlock[] } | { ok: false; problem: string };

// RFC 7468's textual encoding; text between blocks (openssl's "subject=…" lines, comments) is allowed.
const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/g;

export function readPemFile(file: string, role: TlsFileRole): PemRead {
  const shown = shownPath(file);
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    return { ok: false, problem: unreadable(shown, role, (error as NodeJS.ErrnoException).code) };
  }
  const text = content.toString('latin1');
  if (text.trim() === '')
    return {
      ok: false,
      problem:
        `${shown} is empty: the Secret has no data under ${role.secretKey}; check that the certificate was ` +
        'issued (kubectl describe certificate) and that the volume mounts that Secret',
    };
  const blocks = [...text.matchAll(BLOCK)].map((match) => ({ type: match[1]!, text: match[0] }));
  if (blocks.length === 0) {
    // DER is an ASN.1 SEQUENCE: its first byte is 0x30.
    const looks = content[0] === 0x30 ? ', it looks like binary DER' : '';
    return {
      ok: false,
      problem:
        `${shown} is not PEM (no "-----BEGIN …-----" block${looks}): it must hold ${role.what} in PEM; ` +
        `convert it with ${role.fromDer} -in ${role.secretKey} -out ${role.secretKey}.pem and mount that`,
    };
  }
  return { ok: true, blocks };
}

function unreadable(shown: string, role: TlsFileRole, code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return `${shown} does not exist: mount the Secret that holds ${role.what} there (cert-manager's key ${role.secretKey}), or correct the path`;
    case 'EISDIR':
      return `${shown} is a directory: name the file in it that holds ${role.what} (cert-manager's ${role.secretKey})`;
    case 'EACCES':
    case 'EPERM':
      return `${shown} cannot be read (${code}): make it readable by the container's user (the Secret volume's defaultMode, or the pod's fsGroup)`;
    default:
      return `${shown} cannot be read (${code ?? 'unknown error'}): check the volume mounted there`;
  }
}

/** The block types found, for a message about what a file holds instead of what it should. */
export function blockTypes(blocks: readonly PemBlock[]): string {
  return [...new Set(blocks.map((block) => block.type))].join(', ');
}
