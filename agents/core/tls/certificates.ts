// The certificates of a PEM file, parsed by node:crypto (OpenSSL), and how a message names one of them.
import { X509Certificate } from 'node:crypto';
import { shownPath } from '../env.ts';
import { blockTypes, readPemFile, SERVER_CERTIFICATE, type PemBlock, type TlsFileRole } from './pem-file.ts';

export type CertificatesRead =
  { ok: true; certificates: readonly X509Certificate[] } | { ok: false; problem: string };

/** The certificates of `file`, in its order, or the one problem that keeps them from being read. */
export function readCertificates(file: string, role: TlsFileRole): CertificatesRead {
  const read = readPemFile(file, role);
  return read.ok ? parseCertificates(file, role, read.blocks) : read;
}

function parseCertificates(file: string, role: TlsFileRole, blocks: readonly PemBlock[]): CertificatesRead {
  const shown = shownPath(file);
  const pems = blocks.filter((block) => block.type === 'CERTIFICATE');
  if (pems.length === 0) {
    // The commonest slip: the Secret's keys mounted under each other's names.
    const swapped =
      role === SERVER_CERTIFICATE && blocks.some((block) => block.type.endsWith('PRIVATE KEY'))
        ? ` (are ${SERVER_CERTIFICATE.secretKey} and the key file swapped?)`
        : '';
    return {
      ok: false,
      problem:
        `${shown} holds no certificate (its PEM blocks: ${blockTypes(blocks)}): put ${role.what} there, ` +
        `as "-----BEGIN CERTIFICATE-----" blocks${swapped}`,
    };
  }
  const certificates: X509Certificate[] = [];
  for (const [index, pem] of pems.entries()) {
    try {
      certificates.push(new X509Certificate(pem.text));
    } catch {
      return {
        ok: false,
        problem:
          `${shown}: certificate ${index + 1} of ${pems.length} is not a valid X.509 certificate ` +
          '(damaged or cut short?): mount the file as the issuer wrote it',
      };
    }
  }
  return { ok: true, certificates };
}

/** `the certificate (CN=zk-0)` in a file of one, `certificate 2 of 3 (CN=zk-ca)` otherwise. */
export function certificateLabel(certificates: readonly X509Certificate[], index: number): string {
  const name = distinguishedName(certificates[index]!, 'subject');
  return certificates.length === 1
    ? `the certificate (${name})`
    : `certificate ${index + 1} of ${certificates.length} (${name})`;
}

/**
 * A subject or issuer on one line (`O=acme, CN=zk-0`). cert-manager may issue a certificate with no
 * subject at all (SANs only), which node:crypto gives as undefined: the serial number names it then.
 */
export function distinguishedName(certificate: X509Certificate, which: 'subject' | 'issuer'): string {
  const name = (certificate[which] as string | undefined)?.split('\n').join(', ');
  return name || `no ${which}, serial ${certificate.serialNumber}`;
}
