// serverTlsFiles: the keystore and truststore the agent writes for the JVM from a mounted Secret, after
// the same checks as at start-up; clientTlsOptions: the agent's own mTLS identity, what the server loaded.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, createServer, type ConnectionOptions } from 'node:tls';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFilesAtomic } from '../../../agents/core/atomic-write.ts';
import { AgentError } from '../../../agents/core/errors.ts';
import { clientTlsOptions, serverTlsFiles, serverTlsOf } from '../../../agents/core/tls/server-tls.ts';
import { MountedSecret } from '../../helpers/mounted-secret.ts';
import { TestPki, type KeyKind } from '../../helpers/test-pki.ts';

const pki = new TestPki('server-tls');
afterAll(() => pki.remove());
const FQDN = 'kafka-0.kafka-hs.default.svc.cluster.local';
const ca = pki.certificate('ca', { ca: true });

function mounted(name: string, kind: KeyKind, sans = [`DNS:${FQDN}`]) {
  const server = pki.certificate(name, { issuer: ca, key: kind, sans });
  const secret = new MountedSecret(pki.path(`${name}-secret`));
  secret.swap({ 'tls.crt': server.cert, 'tls.key': server.key, 'ca.crt': ca.cert });
  return { server, tls: serverTlsOf(secret.dir, pki.path(`${name}-conf`))! };
}

describe('serverTlsOf', () => {
  it('is undefined without AGENT_TLS_DIR, and names the Secret keys and the files under the config dir', () => {
    expect(serverTlsOf(undefined, '/opt/kafka/config')).toBeUndefined();
    expect(serverTlsOf('/etc/tls', '/opt/kafka/config')).toEqual({
      dir: '/etc/tls',
      certFile: '/etc/tls/tls.crt',
      keyFile: '/etc/tls/tls.key',
      caFile: '/etc/tls/ca.crt',
      keystore: '/opt/kafka/config/tls/keystore.pem',
      truststore: '/opt/kafka/config/tls/truststore.pem',
    });
  });
});

describe('serverTlsFiles', () => {
  it.each(['rsa-pkcs1', 'ec-sec1', 'rsa-pkcs8'] as const)(
    'writes a %s key as unencrypted PKCS#8 before the chain, 0600, and the CA as the truststore',
    (kind) => {
      const { server, tls } = mounted(`k-${kind}`, kind);
      const [keystore, truststore] = serverTlsFiles(tls, [FQDN], new Date());
      expect(keystore!.path).toBe(tls.keystore);
      expect(keystore!.mode).toBe(0o600);
      const blocks = keystore!.content.match(/-----BEGIN [A-Z ]+-----/g);
      expect(blocks).toEqual(['-----BEGIN PRIVATE KEY-----', '-----BEGIN CERTIFICATE-----']);
      const written = createPrivateKey(keystore!.content);
      const original = createPrivateKey(readFileSync(server.key));
      expect(written.export({ type: 'pkcs8', format: 'der' })).toEqual(
        original.export({ type: 'pkcs8', format: 'der' }),
      );
      const leaf = new X509Certificate(keystore!.content.slice(keystore!.content.indexOf('-----BEGIN CERT')));
      expect(leaf.serialNumber).toBe(new X509Certificate(readFileSync(server.cert)).serialNumber);
      expect(truststore!.path).toBe(tls.truststore);
      expect(new X509Certificate(truststore!.content).subject).toBe('CN=ca');
    },
  );

  it('shows the key as <secret> for --dry-run', () => {
    const { tls } = mounted('masked', 'ec-sec1');
    const [keystore] = serverTlsFiles(tls, [FQDN], new Date(), true);
    expect(keystore!.content).toMatch(/^<secret>\n-----BEGIN CERTIFICATE-----/);
    expect(keystore!.content).not.toContain('PRIVATE KEY');
  });

  it('refuses material that fails the checks with AGENT_ERR_TLS_INVALID naming the file, and gives no file', () => {
    const { tls } = mounted('other-name', 'ec-sec1', ['DNS:somewhere-else.example']);
    let thrown: unknown;
    try {
      serverTlsFiles(tls, [FQDN], new Date());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AgentError);
    expect((thrown as AgentError).code).toBe('AGENT_ERR_TLS_INVALID');
    expect((thrown as AgentError).message).toContain(join(tls.dir, 'tls.crt'));
    expect((thrown as AgentError).message).toContain(FQDN);
  });
});

describe('clientTlsOptions', () => {
  it('presents what the server has loaded (the written stores), so a mounted renewal counts once written', () => {
    const { server, tls } = mounted('client', 'rsa-pkcs1');
    writeFilesAtomic(serverTlsFiles(tls, [FQDN], new Date()));
    const serial = (options: ConnectionOptions) => new X509Certificate(options.cert as Buffer).serialNumber;
    const first = clientTlsOptions(tls);
    expect(serial(first)).toBe(new X509Certificate(readFileSync(server.cert)).serialNumber);
    expect(createPrivateKey(first.key as Buffer).asymmetricKeyType).toBe('rsa');
    expect(first.ca).toEqual(readFileSync(tls.truststore));

    const renewed = pki.certificate('client-renewed', { issuer: ca, sans: [`DNS:${FQDN}`] });
    new MountedSecret(tls.dir).swap({ 'tls.crt': renewed.cert, 'tls.key': renewed.key, 'ca.crt': ca.cert });
    expect(serial(clientTlsOptions(tls))).toBe(serial(first));
    writeFilesAtomic(serverTlsFiles(tls, [FQDN], new Date()));
    expect(serial(clientTlsOptions(tls))).toBe(new X509Certificate(readFileSync(renewed.cert)).serialNumber);
    expect(first.checkServerIdentity!('127.0.0.1', {} as never)).toBeUndefined();
  });

  it('gives node:tls a key and chain it accepts for a TLS handshake with the server', async () => {
    const { tls } = mounted('handshake', 'ec-sec1');
    writeFilesAtomic(serverTlsFiles(tls, [FQDN], new Date()));
    const options = clientTlsOptions(tls);
    const server = createServer(
      { key: options.key, cert: options.cert, ca: options.ca, requestCert: true, rejectUnauthorized: true },
      (socket) => socket.end((socket.getPeerCertificate().subject as { CN: string }).CN),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, ...options }, () => {});
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    server.close();
    expect(answer).toBe('handshake');
  });
});
