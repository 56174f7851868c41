// The private key of a PEM file, and whether it is the one of a certificate. node:crypto reads the three
// encodings a Secret may hold: PKCS#8 (`PRIVATE KEY`), PKCS#1 RSA (`RSA PRIVATE KEY`, cert-manager's
// default) and SEC1 EC (`EC PRIVATE KEY`), and PKCS#8 encrypted with a password. The servers' own PEM
// readers are narrower: Kafka's PemStore and ZooKeeper's PemReader decode the key as PKCS#8 only, so a
// PKCS#1 or SEC1 key that passes here must reach them as PKCS#8. Nothing read from the key (its bytes,
// OpenSSL's error text about it) or the password goes into a message.
import { createPrivateKey, createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { shownPath } from '../env.ts';
import { blockTypes, PRIVATE_KEY, readPemFile, type PemBlock } from './pem-file.ts';

export type KeyRead = { ok: true; key: KeyObject } | { ok: false; problem: string };

/** The one private key of `file`, decrypted with `password` when it is encrypted. */
export function readPrivateKey(file: string, password?: string): KeyRead {
  const read = readPemFile(file, PRIVATE_KEY);
  return read.ok ? parsePrivateKey(file, read.blocks, password) : read;
}

function parsePrivateKey(file: string, blocks: readonly PemBlock[], password?: string): KeyRead {
  const shown = shownPath(file);
  const keys = blocks.filter((block) => block.type.endsWith('PRIVATE KEY'));
  if (keys.length === 0)
    return {
      ok: false,
      problem:
        `${shown} holds no private key (its PEM blocks: ${blockTypes(blocks)}): put the certificate's key there, ` +
        '"-----BEGIN PRIVATE KEY-----" (PKCS#8), "RSA PRIVATE KEY" or "EC PRIVATE KEY"',
    };
  // Kafka refuses a file with more than one ("Expected one private key"), and which one is meant is a guess.
  if (keys.length > 1)
    return {
      ok: false,
      problem: `${shown} holds ${keys.length} private keys: keep only the one of the server certificate`,
    };
  const pem = keys[0]!;
  // PKCS#8 encrypted, or OpenSSL's older PKCS#1/SEC1 encryption with its Proc-Type header.
  const encrypted = pem.type === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type: *4, *ENCRYPTED/m.test(pem.text);
  if (encrypted && password === undefined)
    return {
      ok: false,
      problem: `${shown} is encrypted and no password was given for it: give the key's password, or mount the key unencrypted`,
    };
  try {
    return {
      ok: true,
      key: createPrivateKey(encrypted ? { key: pem.text, passphrase: password } : pem.text),
    };
  } catch {
    return {
      ok: false,
      problem: encrypted
        ? `${shown}: the password given does not decrypt the key: give the password it was encrypted with`
        : `${shown}: its ${pem.type} block is not a key that can be read (damaged, or cut short?): mount the key issued with the certificate`,
    };
  }
}

/** A key belongs to a certificate when its public half is the certificate's public key. */
export function keyMatchesCertificate(key: KeyObject, certificate: X509Certificate): boolean {
  const publicDer = (object: KeyObject) => object.export({ type: 'spki', format: 'der' });
  return publicDer(createPublicKey(key)).equals(publicDer(certificate.publicKey));
}
