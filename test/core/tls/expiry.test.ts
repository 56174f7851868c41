// certificateExpiry: the notAfter of each certificate of a PEM file, as openssl wrote it, for the
// certificate expiry gauge; a file it cannot read is an AGENT_ERR_TLS_INVALID naming the file.
import { afterAll, describe, expect, it } from 'vitest';
import { AgentError } from '../../../agents/core/errors.ts';
import { certificateExpiry } from '../../../agents/core/tls/expiry.ts';
import { TestPki } from '../../helpers/test-pki.ts';

const pki = new TestPki('tls-expiry');
afterAll(() => pki.remove());

describe('certificateExpiry', () => {
  it("gives each certificate's notAfter in seconds since the epoch, in the file's order", () => {
    const root = pki.certificate('root', { ca: true });
    const intermediate = pki.certificate('intermediate', {
      issuer: root,
      ca: true,
      dates: { start: '20250101000000Z', end: '20350101000000Z' },
    });
    const server = pki.certificate('server', {
      issuer: intermediate,
      dates: { start: '20250101000000Z', end: '20300615120000Z' },
    });
    const chain = pki.concat('chain.crt', server.cert, intermediate.cert);
    expect(certificateExpiry(chain)).toEqual([Date.UTC(2030, 5, 15, 12) / 1000, Date.UTC(2035, 0, 1) / 1000]);
  });

  it('gives the expiry of a certificate that has expired too', () => {
    const root = pki.certificate('old-root', { ca: true });
    const old = pki.certificate('old', {
      issuer: root,
      dates: { start: '20200101000000Z', end: '20210101000000Z' },
    });
    expect(certificateExpiry(old.cert)).toEqual([1609459200]);
  });

  it('throws AGENT_ERR_TLS_INVALID naming a file it cannot read or that holds no certificate', () => {
    const key = pki.key('lonely', 'ec-sec1');
    for (const [file, says] of [
      [pki.path('missing.crt'), 'does not exist'],
      [key, 'holds no certificate (its PEM blocks: EC PRIVATE KEY)'],
    ] as const) {
      expect(() => certificateExpiry(file)).toThrow(
        expect.objectContaining({
          code: 'AGENT_ERR_TLS_INVALID',
          message: expect.stringContaining(`${file} ${says}`),
        }),
      );
      expect(() => certificateExpiry(file)).toThrow(AgentError);
    }
  });
});
