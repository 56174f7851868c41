// Whether the server certificate covers every name the pod is reached by. Only the subject alternative
// names count: RFC 9525, which replaced RFC 6125, drops the common name, and so do browsers and Go
// (Java still falls back to it when a certificate has no DNS SAN): a name only in the CN fails some clients.
// Wildcards as RFC 6125 allows them: `*` is a whole left-most label and stands for exactly one label,
// so *.zk-hs.default.svc.cluster.local covers zk-0.zk-hs.default.svc.cluster.local, not the domain itself
// nor a.b.zk-hs.default.svc.cluster.local. OpenSSL's X509_check_host does the matching.
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { shownPath } from '../env.ts';

const RFC_6125 = {
  subject: 'never',
  wildcards: true,
  partialWildcards: false,
  multiLabelWildcards: false,
  singleLabelSubdomains: false,
} as const;

function covers(certificate: X509Certificate, name: string): boolean {
  return (isIP(name) ? certificate.checkIP(name) : certificate.checkHost(name, RFC_6125)) !== undefined;
}

export function namesProblem(
  certFile: string,
  certificate: X509Certificate,
  names: readonly string[],
): string | undefined {
  const missing = names.filter((name) => !covers(certificate, name));
  if (missing.length === 0) return undefined;
  const present = certificate.subjectAltName ?? 'none';
  return (
    `${shownPath(certFile)}: the certificate's subject alternative names do not cover ${missing.join(', ')} ` +
    `(it has ${present}; the common name is not used): reissue it with these names among its SANs ` +
    "(cert-manager: the Certificate's spec.dnsNames)"
  );
}
