// Checks the certificate material a pod mounts (a cert-manager Secret: tls.crt, tls.key, ca.crt) before
// the JVM starts, so a bad file stops the pod with one line per problem naming the file and the fix,
// instead of a Java stack trace at the first handshake, or a server that starts and cannot talk to its
// peers. It only reads the files: the servers are to read the PEM themselves (see private-key.ts for
// the key encoding they take).
import { shownPath } from '../env.ts';
import { AgentError } from '../errors.ts';
import { distinguishedName, readCertificates } from './certificates.ts';
import { chainProblem, notCaProblems } from './chain.ts';
import { namesProblem } from './names.ts';
import { CA_BUNDLE, SERVER_CERTIFICATE } from './pem-file.ts';
import { keyMatchesCertificate, readPrivateKey } from './private-key.ts';
import { validityProblems } from './validity.ts';

/**
 * The key types the JVMs' PEM readers load (Kafka's PemStore and ZooKeeper's PemReader: RSA, EC, DSA);
 * node reads Ed25519 too, and a server given one would start and then fail every handshake.
 */
const SERVER_KEY_TYPES = new Set(['rsa', 'ec', 'dsa']);

export interface TlsMaterial {
  /** The server certificate, then any intermediates that issued it (cert-manager's tls.crt). */
  readonly certFile: string;
  /** Its private key: PKCS#8, PKCS#1 RSA or SEC1 EC, PEM (tls.key). */
  readonly keyFile: string;
  /** The CAs that sign the servers, and that peers are checked against (ca.crt). */
  readonly caFile: string;
  /** The DNS names (or IP addresses) the pod is reached by; each must be among the certificate's SANs. */
  readonly names: readonly string[];
  /** The moment the certificates must be valid at: the caller's clock. */
  readonly now: Date;
  /** The password of an encrypted key (from a `<VAR>_FILE`: readPasswordFile). */
  readonly keyPassword?: string;
}

/**
 * Every problem with the material, one line each, each naming the file, what is wrong and the fix; empty
 * when the servers can use it. A file that cannot be read or parsed is one problem, and the checks that
 * need its content are skipped rather than reported again in other words.
 */
export function checkTlsMaterial(material: TlsMaterial): string[] {
  const { certFile, keyFile, caFile, names, now } = material;
  const problems: string[] = [];
  const chain = kept(readCertificates(certFile, SERVER_CERTIFICATE), problems)?.certificates;
  const key = kept(readPrivateKey(keyFile, material.keyPassword), problems)?.key;
  const cas = kept(readCertificates(caFile, CA_BUNDLE), problems)?.certificates;
  if (chain) {
    const leaf = chain[0]!;
    problems.push(...validityProblems(certFile, SERVER_CERTIFICATE, chain, now));
    if (key && !keyMatchesCertificate(key, leaf))
      problems.push(
        `${shownPath(keyFile)} is not the key of the certificate (${distinguishedName(leaf, 'subject')}) in ` +
          `${shownPath(certFile)}: mount the key and the certificate of the same Secret (a reissued certificate comes with a new key)`,
      );
    if (key && !SERVER_KEY_TYPES.has(key.asymmetricKeyType ?? ''))
      problems.push(
        `${shownPath(keyFile)} holds an ${key.asymmetricKeyType} key, which ZooKeeper's and Kafka's PEM readers cannot load: ` +
          'issue the certificate with an RSA or ECDSA key (cert-manager: spec.privateKey.algorithm RSA or ECDSA)',
      );
    const uncovered = namesProblem(certFile, leaf, names);
    if (uncovered !== undefined) problems.push(uncovered);
  }
  if (cas) problems.push(...validityProblems(caFile, CA_BUNDLE, cas, now));
  if (chain && cas) {
    const unsigned = chainProblem(certFile, chain, caFile, cas);
    if (unsigned !== undefined) problems.push(unsigned);
    problems.push(...notCaProblems(certFile, chain, caFile, cas));
  }
  return problems;
}

/** One AgentError (AGENT_ERR_TLS_INVALID, exit 1) listing every problem, one line each; none, no error. */
export function assertNoTlsProblems(problems: readonly string[]): void {
  if (problems.length > 0) throw new AgentError('AGENT_ERR_TLS_INVALID', problems.join('\n'));
}

/** What a read gave, or undefined with its problem added to `problems`. */
function kept<T extends { ok: true }>(read: T | { ok: false; problem: string }, problems: string[]) {
  if (read.ok) return read as T;
  problems.push(read.problem);
  return undefined;
}
