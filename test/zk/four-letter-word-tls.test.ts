// The four-letter-word client over TLS, against a Node TLS server that answers as ZooKeeper's
// secureClientPort does (client certificate required). What the real server says is
// test/integration/zk-tls.test.ts's; here, the client's side: the word goes after the handshake, a refused
// handshake is a `tls` failure that says so, and unreadable certificate files fail without a connection.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fourLetterWord } from '../../agents/zk/four-letter-word.ts';
import { TestPki } from '../helpers/test-pki.ts';

const pki = new TestPki('zk-4lw-tls');
const ca = pki.certificate('ca', { ca: true });
const server = pki.certificate('server', { issuer: ca, sans: ['IP:127.0.0.1'] });
const client = pki.certificate('client', { issuer: ca });
const otherCa = pki.certificate('other-ca', { ca: true });
const stranger = pki.certificate('stranger', { issuer: otherCa });

let secure: tls.Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  secure = tls.createServer(
    {
      key: readFileSync(server.key),
      cert: readFileSync(server.cert),
      ca: readFileSync(ca.cert),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (socket) => {
      connections += 1;
      socket.once('data', (word) => socket.end(word.toString() === 'ruok' ? 'imok' : ''));
    },
  );
  secure.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
  port = (secure.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => secure.close(resolve));
  pki.remove();
});

const identity =
  (issued: { cert: string; key: string }, trusted = ca.cert) =>
  () => ({
    key: readFileSync(issued.key),
    cert: readFileSync(issued.cert),
    ca: readFileSync(trusted),
    checkServerIdentity: () => undefined,
  });

describe('four-letter-word client over TLS', () => {
  it('asks after the handshake, with the client certificate, and reads the reply', async () => {
    expect(await fourLetterWord('ruok', { port, tls: identity(client) })).toEqual({
      ok: true,
      word: 'ruok',
      text: 'imok',
    });
  });

  it('reads the certificate files at every word, so a renewed one is used at once', async () => {
    let reads = 0;
    const counting = () => {
      reads += 1;
      return identity(client)();
    };
    await fourLetterWord('ruok', { port, tls: counting });
    await fourLetterWord('ruok', { port, tls: counting });
    expect(reads).toBe(2);
  });

  it('gets no answer when the server refuses the client certificate: the word never reaches it', async () => {
    const before = connections;
    const reply = await fourLetterWord('ruok', { port, tls: identity(stranger) });
    // TLS 1.3 finishes the client's side of the handshake first: the refusal comes as an alert or a
    // reset after the word was sent (the real server's alert is asserted in the integration test).
    expect(reply.ok).toBe(false);
    expect(connections).toBe(before);
  });

  it('refuses a server whose certificate its CA did not sign, before sending the word', async () => {
    const before = connections;
    const reply = await fourLetterWord('ruok', { port, tls: identity(client, otherCa.cert) });
    expect(reply).toMatchObject({ ok: false, reason: 'tls' });
    expect(!reply.ok && reply.detail).toMatch(
      /^TLS handshake with ZooKeeper at 127\.0\.0\.1:\d+ failed: .*certificate.* \([A-Z_]+\)$/,
    );
    expect(connections).toBe(before);
  });

  it('fails without connecting when the mounted files cannot be read, naming why, not their content', async () => {
    const before = connections;
    const missing = () => ({ key: readFileSync(pki.path('absent.key')) });
    const reply = await fourLetterWord('ruok', { port, tls: missing });
    expect(reply).toEqual({
      ok: false,
      word: 'ruok',
      reason: 'tls',
      detail: `cannot read the TLS client certificate for ZooKeeper at 127.0.0.1:${port}: ENOENT`,
    });
    expect(connections).toBe(before);
  });

  it('speaks plaintext when no TLS options are given, as before', async () => {
    const reply = await fourLetterWord('ruok', { port, timeoutMs: 500 });
    // A TLS port does not answer a plaintext word: the server drops it without a reply.
    expect(reply.ok).toBe(false);
  });
});
