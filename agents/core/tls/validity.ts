// Whether each certificate is valid at `now`. Every certificate counts, the CAs' too: a peer or client
// that checks the chain refuses an expired intermediate or CA as it refuses an expired leaf.
import type { X509Certificate } from 'node:crypto';
import { shownPath } from '../env.ts';
import { certificateLabel } from './certificates.ts';
import { CA_BUNDLE, type TlsFileRole } from './pem-file.ts';

export function validityProblems(
  file: string,
  role: TlsFileRole,
  certificates: readonly X509Certificate[],
  now: Date,
): string[] {
  const problems: string[] = [];
  const renew =
    role === CA_BUNDLE
      ? 'replace it with the renewed CA certificate, or remove it from the bundle'
      : 'renew it (cert-manager renews before notAfter: check the Certificate is Ready and its issuer works)';
  certificates.forEach((certificate, index) => {
    const label = `${shownPath(file)}: ${certificateLabel(certificates, index)}`;
    if (now < certificate.validFromDate)
      problems.push(
        `${label} is not valid until ${utc(certificate.validFromDate)} (it is now ${utc(now)}): ` +
          "check the node's clock, or reissue it with a start in the past",
      );
    else if (now > certificate.validToDate)
      problems.push(`${label} expired at ${utc(certificate.validToDate)}: ${renew}`);
  });
  return problems;
}

/** 2025-01-31T12:00:00Z: certificates count whole seconds. */
function utc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
