// watchServerTls: a Secret swapped the kubelet's way is checked, written for the server and announced
// once; a renewed Secret that fails the checks is reported once and the server's files stay as they were.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFilesAtomic } from '../../../agents/core/atomic-write.ts';
import { createLogger } from '../../../agents/core/logger.ts';
import { watchServerTls } from '../../../agents/core/tls/rotation.ts';
import { serverTlsFiles, serverTlsOf } from '../../../agents/core/tls/server-tls.ts';
import { MountedSecret } from '../../helpers/mounted-secret.ts';
import { TestPki } from '../../helpers/test-pki.ts';

const pki = new TestPki('tls-rotation');
afterAll(() => pki.remove());
const NAME = 'zk-0.zk-hs.default.svc.cluster.local';
const ca = pki.certificate('ca', { ca: true });

function setUp(prefix: string) {
  const first = pki.certificate(`${prefix}-first`, { issuer: ca, sans: [`DNS:${NAME}`] });
  const secret = new MountedSecret(pki.path(`${prefix}-secret`));
  secret.swap({ 'tls.crt': first.cert, 'tls.key': first.key, 'ca.crt': ca.cert });
  const tls = serverTlsOf(secret.dir, pki.path(`${prefix}-conf`))!;
  writeFilesAtomic(serverTlsFiles(tls, [NAME], new Date()));
  const lines: string[] = [];
  const logger = createLogger('zk-agent', 'info', { write: (line: string) => lines.push(line) });
  const rotations: string[] = [];
  const watch = watchServerTls({
    tls,
    names: [NAME],
    logger,
    intervalMs: 50,
    onRotated: async (serial) => {
      rotations.push(serial);
    },
  });
  return { secret, tls, lines, rotations, watch };
}

const keystoreSerial = (path: string) => {
  const text = readFileSync(path, 'utf8');
  return new X509Certificate(text.slice(text.indexOf('-----BEGIN CERTIFICATE'))).serialNumber;
};

describe('watchServerTls', () => {
  it('rewrites the keystore and tells the new serial once after a kubelet-style swap', async () => {
    const { secret, tls, lines, rotations, watch } = setUp('good');
    const renewed = pki.certificate('good-renewed', { issuer: ca, sans: [`DNS:${NAME}`] });
    const serial = new X509Certificate(readFileSync(renewed.cert)).serialNumber;
    secret.swap({ 'tls.crt': renewed.cert, 'tls.key': renewed.key, 'ca.crt': ca.cert });
    await expect.poll(() => rotations, { timeout: 5000 }).toEqual([serial]);
    expect(keystoreSerial(tls.keystore)).toBe(serial);
    await new Promise((resolve) => setTimeout(resolve, 300));
    watch.stop();
    expect(rotations).toEqual([serial]);
    expect(lines.join('')).toContain(`→ ${serial}`);
    expect(lines.join('')).not.toContain('PRIVATE KEY');
  });

  it('keeps the loaded files and reports once when the renewed certificate does not cover the pod', async () => {
    const { secret, tls, lines, rotations, watch } = setUp('bad');
    const before = readFileSync(tls.keystore, 'utf8');
    const wrong = pki.certificate('bad-renewed', { issuer: ca, sans: ['DNS:elsewhere.example'] });
    secret.swap({ 'tls.crt': wrong.cert, 'tls.key': wrong.key, 'ca.crt': ca.cert });
    await expect.poll(() => lines.filter((line) => line.includes('cannot be used')).length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    watch.stop();
    expect(lines.filter((line) => line.includes('cannot be used'))).toHaveLength(1);
    expect(lines.join('')).toContain(NAME);
    expect(rotations).toEqual([]);
    expect(readFileSync(tls.keystore, 'utf8')).toBe(before);
  });

  it('tries again at the next look when the server could not reload', async () => {
    const first = pki.certificate('retry-first', { issuer: ca, sans: [`DNS:${NAME}`] });
    const secret = new MountedSecret(pki.path('retry-secret'));
    secret.swap({ 'tls.crt': first.cert, 'tls.key': first.key, 'ca.crt': ca.cert });
    const tls = serverTlsOf(secret.dir, pki.path('retry-conf'))!;
    const lines: string[] = [];
    let calls = 0;
    const watch = watchServerTls({
      tls,
      names: [NAME],
      logger: createLogger('kafka-agent', 'info', { write: (line: string) => lines.push(line) }),
      intervalMs: 50,
      onRotated: async () => {
        if (++calls === 1) throw new Error('broker not reachable');
      },
    });
    const renewed = pki.certificate('retry-renewed', { issuer: ca, sans: [`DNS:${NAME}`] });
    secret.swap({ 'tls.crt': renewed.cert, 'tls.key': renewed.key, 'ca.crt': ca.cert });
    await expect.poll(() => calls, { timeout: 5000 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    watch.stop();
    expect(calls).toBe(2);
    expect(lines.join('')).toContain('will retry: Error: broker not reachable');
  });
});
