// The server side of a pod's TLS: where the mounted Secret is, the two files the agent writes from it for
// the JVM, and the options the agent's own connections to its server use. The JVMs read PEM directly
// (no keytool, no JKS at start-up), but both want the key and its certificates in one file and the key
// as PKCS#8, while a kubernetes.io/tls Secret has them apart and cert-manager writes RSA keys as PKCS#1:
// so the agent writes a keystore file the server can read, 0600, into its config directory.
import type { ConnectionOptions } from 'node:tls';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { FileToWrite } from '../atomic-write.ts';
import { AgentError } from '../errors.ts';
import { readCertificates } from './certificates.ts';
import { assertNoTlsProblems, checkTlsMaterial } from './material.ts';
import { CA_BUNDLE, SERVER_CERTIFICATE, type TlsFileRole } from './pem-file.ts';
import { readPrivateKey } from './private-key.ts';

export interface ServerTls {
  /** AGENT_TLS_DIR: the mounted Secret. */
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
  /** <confDir>/tls/keystore.pem: the key as unencrypted PKCS#8, then tls.crt's chain. Mode 0600. */
  readonly keystore: string;
  /** <confDir>/tls/truststore.pem: ca.crt's certificates. */
  readonly truststore: string;
}

export const KEYSTORE_MODE = 0o600;
const TRUSTSTORE_MODE = 0o644;

/** The pod's TLS files when AGENT_TLS_DIR is set; undefined (no TLS) when it is not. */
export function serverTlsOf(tlsDir: string | undefined, confDir: string): ServerTls | undefined {
  if (tlsDir === undefined) return undefined;
  return Object.freeze({
    dir: tlsDir,
    certFile: join(tlsDir, SERVER_CERTIFICATE.secretKey),
    keyFile: join(tlsDir, 'tls.key'),
    caFile: join(tlsDir, CA_BUNDLE.secretKey),
    keystore: join(confDir, 'tls', 'keystore.pem'),
    truststore: join(confDir, 'tls', 'truststore.pem'),
  });
}

/**
 * Checks the mounted material for `names` at `now` (AGENT_ERR_TLS_INVALID, one line per problem, each
 * naming the file and the fix) and gives the keystore and truststore to write with the server's other
 * files, all or none. `mask` (`init --dry-run`): the key is shown as <secret>.
 */
export function serverTlsFiles(
  tls: ServerTls,
  names: readonly string[],
  now: Date,
  mask = false,
): FileToWrite[] {
  assertNoTlsProblems(
    checkTlsMaterial({ certFile: tls.certFile, keyFile: tls.keyFile, caFile: tls.caFile, names, now }),
  );
  const setBy = 'AGENT_TLS_DIR (written under the config directory)';
  return [
    { path: tls.keystore, content: keystoreContent(tls, mask), mode: KEYSTORE_MODE, setBy },
    { path: tls.truststore, content: certificatesPem(tls.caFile, CA_BUNDLE), mode: TRUSTSTORE_MODE, setBy },
  ];
}

function keystoreContent(tls: ServerTls, mask: boolean): string {
  const key = readPrivateKey(tls.keyFile);
  // checkTlsMaterial has just read it: only a file swapped in between gets here.
  if (!key.ok) throw new AgentError('AGENT_ERR_TLS_INVALID', key.problem);
  const pkcs8 = mask ? '<secret>\n' : (key.key.export({ type: 'pkcs8', format: 'pem' }) as string);
  return pkcs8 + certificatesPem(tls.certFile, SERVER_CERTIFICATE);
}

/** The file's certificates re-encoded, one PEM block each: whatever text sat between them is left out. */
function certificatesPem(file: string, role: TlsFileRole): string {
  const read = readCertificates(file, role);
  if (!read.ok) throw new AgentError('AGENT_ERR_TLS_INVALID', read.problem);
  return read.certificates.map((certificate) => certificate.toString()).join('');
}

/**
 * node:tls options for the agent's own connections to its server on loopback, with the certificate the
 * server has loaded as the agent's client identity (mTLS): the keystore and truststore the agent wrote
 * after the checks, not the Secret as mounted. A renewal that fails the checks is never loaded by the
 * server, so the probes must not present it either: they would fail, and the kubelet would restart a
 * healthy server into a start-up that refuses the same Secret. Read at each call, so they follow a
 * rotation that was loaded. The chain is verified against the CA; the host name is not: the agent dials
 * 127.0.0.1, which no pod certificate names, and a loopback peer that holds a certificate of this CA is
 * the pod's own server.
 */
export function clientTlsOptions(tls: ServerTls): ConnectionOptions {
  // One PEM file holds the key and the chain: OpenSSL takes the blocks of the kind it is asked for.
  const keystore = readFileSync(tls.keystore);
  return {
    key: keystore,
    cert: keystore,
    ca: readFileSync(tls.truststore),
    checkServerIdentity: () => undefined,
  };
}
