// When the certificates of a PEM file expire, for a gauge an alert can watch
// (`*_tls_certificate_expiry_timestamp_seconds{file=…}`): cert-manager renews ahead of time, and an
// expiry that comes near means renewal has stopped working.
import { basename } from 'node:path';
import { AgentError } from '../errors.ts';
import { readCertificates } from './certificates.ts';

/** The notAfter of each certificate in `file`, in its order, in whole seconds since the epoch. */
export function certificateExpiry(file: string): number[] {
  const read = readCertificates(file, {
    what: 'certificates',
    secretKey: basename(file),
    fromDer: 'openssl x509 -inform DER',
  });
  if (!read.ok) throw new AgentError('AGENT_ERR_TLS_INVALID', read.problem);
  return read.certificates.map((certificate) => Math.floor(certificate.validToDate.getTime() / 1000));
}
