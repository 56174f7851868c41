// Whether the CA bundle vouches for the server certificate: from the leaf, through the intermediates
// that follow it in its file, to a CA of the bundle, each link checked by name and key identifiers
// (checkIssued) and by signature (verify). It is what each peer will check in the TLS handshake, since
// the same bundle is every peer's trust store.
import type { X509Certificate } from 'node:crypto';
import { shownPath } from '../env.ts';
import { certificateLabel, distinguishedName } from './certificates.ts';

function signed(issuer: X509Certificate, subject: X509Certificate): boolean {
  return subject.checkIssued(issuer) && verifies(issuer, subject);
}

/** False, not an exception, for a key of another algorithm or a signature OpenSSL cannot check. */
function verifies(issuer: X509Certificate, subject: X509Certificate): boolean {
  return subject.verify(issuer.publicKey);
}

/** `chain`: the certificate file's certificates, leaf first. Undefined when a CA of `cas` anchors it. */
export function chainProblem(
  certFile: string,
  chain: readonly X509Certificate[],
  caFile: string,
  cas: readonly X509Certificate[],
): string | undefined {
  const leaf = chain[0]!;
  let reached = leaf;
  const used = new Set([leaf]);
  for (;;) {
    if (cas.some((ca) => signed(ca, reached))) return undefined;
    const next = chain.find((certificate) => !used.has(certificate) && signed(certificate, reached));
    if (next === undefined) break;
    used.add(next);
    reached = next;
  }
  const what =
    reached === leaf
      ? `the certificate (${distinguishedName(leaf, 'subject')}) is`
      : `the chain from the certificate (${distinguishedName(leaf, 'subject')}) ends at the intermediate ${distinguishedName(reached, 'subject')}, which is`;
  const why = whyNotSigned(reached, cas, certFile, caFile);
  if (why === undefined) return undefined;
  const [detail, fix] = why;
  return `${shownPath(certFile)}: ${what} not signed by a CA in ${shownPath(caFile)} (${detail}): ${fix}`;
}

/**
 * What the bundle lacks for `reached`, and the fix; a CA of its issuer's name tells the most. Undefined
 * when that CA did sign it but is not a CA: notCaProblems says so, and one cause gets one line.
 */
function whyNotSigned(
  reached: X509Certificate,
  cas: readonly X509Certificate[],
  certFile: string,
  caFile: string,
): [string, string] | undefined {
  const issuer = distinguishedName(reached, 'issuer');
  const namesakes = cas.filter((ca) => distinguishedName(ca, 'subject') === issuer);
  const signer = namesakes.find((ca) => verifies(ca, reached));
  if (signer && !signer.ca) return undefined;
  // Its key made the signature, yet OpenSSL's issuer check refused it: the key identifiers differ.
  if (signer)
    return [
      `the bundle's ${issuer} signed it, but its subject key identifier is not the authority key identifier the certificate names`,
      'mount the CA certificate as it was when it issued this one, or reissue the certificate from the CA as it is now',
    ];
  // A CA re-created under the same name (a new self-signed cert-manager CA) signs nothing issued before.
  if (namesakes.length > 0)
    return [
      `the bundle's ${issuer} has its issuer's name but not its key: a CA re-created since?`,
      'reissue the certificate from the current CA, or mount the CA that signed it',
    ];
  return [
    `it was issued by ${issuer}; the bundle holds ${cas.map((ca) => distinguishedName(ca, 'subject')).join('; ')}`,
    `put the CA that issued it in ${shownPath(caFile)}, and any intermediate after the certificate in ${shownPath(certFile)}`,
  ];
}

/** What OpenSSL's X509_check_ca (X509Certificate.ca) looks at. */
const NOT_CA = 'basicConstraints without CA:TRUE, or a keyUsage without keyCertSign';

/**
 * basicConstraints CA:TRUE (and keyCertSign, when a keyUsage is there) on every certificate that signs:
 * the bundle's CAs, and the intermediates after the leaf. Java and OpenSSL refuse a chain through a
 * certificate that is not a CA.
 */
export function notCaProblems(
  certFile: string,
  chain: readonly X509Certificate[],
  caFile: string,
  cas: readonly X509Certificate[],
): string[] {
  const problems: string[] = [];
  cas.forEach((ca, index) => {
    if (!ca.ca)
      problems.push(
        `${shownPath(caFile)}: ${certificateLabel(cas, index)} is not a CA (${NOT_CA}): ` +
          'the bundle must hold the CA certificates that issue the servers, not a server certificate',
      );
  });
  chain.forEach((certificate, index) => {
    if (index > 0 && !certificate.ca)
      problems.push(
        `${shownPath(certFile)}: ${certificateLabel(chain, index)} follows the server certificate but is not a CA ` +
          `(${NOT_CA}): after the server certificate, the file may hold only the intermediates that issued it`,
      );
  });
  return problems;
}
