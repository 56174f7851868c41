// The expiry gauge: one series per mounted file with its earliest notAfter, read at each scrape (a renewed
// Secret shows at once), and no series for a file that cannot be read.
import { renameSync } from 'node:fs';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { registerTlsExpiry } from '../../../agents/core/tls/expiry-gauge.ts';
import { serverTlsOf } from '../../../agents/core/tls/server-tls.ts';
import { MountedSecret } from '../../helpers/mounted-secret.ts';
import { expectGolden, promtoolCheckMetrics } from '../../helpers/golden.ts';
import { TestPki } from '../../helpers/test-pki.ts';

const pki = new TestPki('tls-expiry-gauge');
afterAll(() => pki.remove());

describe('registerTlsExpiry', () => {
  it('serves the earliest expiry of tls.crt and ca.crt by file, and follows a swap', async () => {
    const ca = pki.certificate('ca', { ca: true });
    const first = pki.certificate('first', {
      issuer: ca,
      dates: { start: '20250101000000Z', end: '20300101000000Z' },
    });
    const secret = new MountedSecret(pki.path('secret'));
    secret.swap({ 'tls.crt': first.cert, 'tls.key': first.key, 'ca.crt': ca.cert });
    const tls = serverTlsOf(secret.dir, pki.path('conf'))!;
    const registry = new Registry();
    registerTlsExpiry(registry, 'kafka_agent', tls);
    const name = 'kafka_agent_tls_certificate_expiry_timestamp_seconds';
    const text = await registry.metrics();
    expect(text).toContain(`${name}{file="${tls.certFile}"} ${Date.UTC(2030, 0, 1) / 1000}`);
    expect(text).toMatch(new RegExp(`${name}\\{file="${tls.caFile}"\\} \\d{10}`));

    const renewed = pki.certificate('renewed', {
      issuer: ca,
      dates: { start: '20250101000000Z', end: '20310101000000Z' },
    });
    secret.swap({ 'tls.crt': renewed.cert, 'tls.key': renewed.key, 'ca.crt': ca.cert });
    expect(await registry.metrics()).toContain(
      `${name}{file="${tls.certFile}"} ${Date.UTC(2031, 0, 1) / 1000}`,
    );

    renameSync(`${secret.dir}/..data`, `${secret.dir}/..gone`);
    expect(await registry.metrics()).not.toContain(`${name}{`);
  });
});

describe('the expiry series as each agent serves them', () => {
  // Fixed dates (an intermediate as the mounted CA, since only `openssl ca` sets past dates), and the
  // temp dir shown as the manifests' /etc/tls: the golden files are what the alert rules are checked by.
  const root = pki.certificate('golden-root', { ca: true });
  const ca = pki.certificate('golden-ca', {
    issuer: root,
    ca: true,
    dates: { start: '20250101000000Z', end: '20350101000000Z' },
  });
  const server = pki.certificate('golden-server', {
    issuer: ca,
    dates: { start: '20250101000000Z', end: '20270301000000Z' },
  });
  const secret = new MountedSecret(pki.path('golden-secret'));
  secret.swap({ 'tls.crt': server.cert, 'tls.key': server.key, 'ca.crt': ca.cert });
  const tls = serverTlsOf(secret.dir, pki.path('golden-conf'))!;

  it.each([
    ['zk_agent', 'test/golden/metrics/tls-expiry.prom'],
    ['kafka_agent', 'test/golden/kafka-metrics/tls-expiry.prom'],
  ] as const)('%s: one series per file, lint-clean', async (prefix, golden) => {
    const registry = new Registry();
    registerTlsExpiry(registry, prefix, tls);
    const text = (await registry.metrics()).replaceAll(secret.dir, '/etc/tls');
    expect(promtoolCheckMetrics(text).status).toBe(0);
    expectGolden(golden, text);
  });
});
