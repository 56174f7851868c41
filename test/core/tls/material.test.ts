// checkTlsMaterial against certificates openssl makes here: the material a cert-manager Secret holds
// (tls.crt, tls.key, ca.crt) passes, and each way it goes wrong is one line naming the file and the fix.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentError } from '../../../agents/core/errors.ts';
import {
  assertNoTlsProblems,
  checkTlsMaterial,
  type TlsMaterial,
} from '../../../agents/core/tls/material.ts';
import { TestPki, type Issued, type KeyKind } from '../../helpers/test-pki.ts';

const ZK_0 = 'zk-0.zk-svc.default.svc.cluster.local';
const KAFKA_0 = 'kafka-0.kafka-svc.default.svc.cluster.local';
const KAFKA_BOOTSTRAP = 'kafka-bootstrap.default.svc.cluster.local';
// An hour ahead: every certificate made during the run (valid for 30 days from its making) is valid then.
const NOW = new Date(Date.now() + 3600 * 1000);
const DAY = 24 * 3600 * 1000;

const pki = new TestPki('tls-material');
/** test-ca signs zk-0 (EC, SEC1 key, its FQDN as SAN): the material every test starts from. */
let ca: Issued;
let zk0: Issued;

beforeAll(() => {
  ca = pki.certificate('ca', { ca: true, cn: 'test-ca' });
  zk0 = pki.certificate('zk-0', { issuer: ca, sans: [`DNS:${ZK_0}`] });
});
afterAll(() => pki.remove());

function check(material: Partial<TlsMaterial> = {}): string[] {
  return checkTlsMaterial({
    certFile: zk0.cert,
    keyFile: zk0.key,
    caFile: ca.cert,
    names: [ZK_0],
    now: NOW,
    ...material,
  });
}

/**
 * The problems of `material` as an unprivileged user finds them: root reads any file whatever its mode,
 * so as root (CI) the check runs in a child process of uid/gid 65534 (nobody), on Node's own TypeScript.
 */
function checkAsNobody(material: Partial<TlsMaterial>): string[] {
  if (process.getuid?.() !== 0) return check(material);
  const module = new URL('../../../agents/core/tls/material.ts', import.meta.url).href;
  const input = { certFile: zk0.cert, keyFile: zk0.key, caFile: ca.cert, names: [ZK_0], ...material };
  const script = `const { checkTlsMaterial } = await import(${JSON.stringify(module)});
const input = ${JSON.stringify(input)};
console.log(JSON.stringify(checkTlsMaterial({ ...input, now: new Date(${NOW.getTime()}) })));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
  });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as string[];
}

/** The one problem `material` has; fails when there is none or more than one. */
function theProblem(material: Partial<TlsMaterial>): string {
  const problems = check(material);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

/** Every base64 line of a PEM file: none may appear in a message. */
function base64Lines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => /^[A-Za-z0-9+/=]{16,}$/.test(line));
}

describe('checkTlsMaterial accepts what the servers can use', () => {
  it('a certificate signed by the CA, its key, and its SAN covering the pod name', () => {
    expect(check()).toEqual([]);
  });

  it("RSA keys in PKCS#1 (cert-manager's default encoding) and PKCS#8, EC keys in SEC1 and PKCS#8", () => {
    const headers: Record<KeyKind, string> = {
      'rsa-pkcs1': 'RSA PRIVATE KEY',
      'rsa-pkcs8': 'PRIVATE KEY',
      'ec-sec1': 'EC PRIVATE KEY',
      'ec-pkcs8': 'PRIVATE KEY',
    };
    for (const [kind, header] of Object.entries(headers) as [KeyKind, string][]) {
      const server = pki.certificate(`zk-0-${kind}`, { issuer: ca, key: kind, sans: [`DNS:${ZK_0}`] });
      expect(readFileSync(server.key, 'utf8').split('\n')[0], kind).toBe(`-----BEGIN ${header}-----`);
      expect(check({ certFile: server.cert, keyFile: server.key }), kind).toEqual([]);
    }
  });

  it('a chain through an intermediate that follows the certificate in its file, up to the root in the bundle', () => {
    const root = pki.certificate('root', { ca: true });
    const intermediate = pki.certificate('intermediate', { issuer: root, ca: true });
    const broker = pki.certificate('kafka-0', { issuer: intermediate, sans: [`DNS:${KAFKA_0}`] });
    const chain = pki.concat('kafka-0-chain.crt', broker.cert, intermediate.cert);
    expect(check({ certFile: chain, keyFile: broker.key, caFile: root.cert, names: [KAFKA_0] })).toEqual([]);
  });

  it('a wildcard SAN for the pods of the headless Service, with the bootstrap Service named too', () => {
    const sans = ['DNS:*.kafka-svc.default.svc.cluster.local', `DNS:${KAFKA_BOOTSTRAP}`];
    const broker = pki.certificate('kafka-wildcard', { issuer: ca, sans });
    const names = [KAFKA_0, 'kafka-2.kafka-svc.default.svc.cluster.local', KAFKA_BOOTSTRAP];
    expect(check({ certFile: broker.cert, keyFile: broker.key, names })).toEqual([]);
  });

  it('a bundle of several CAs (a CA rotation), with an IP address among the names', () => {
    const next = pki.certificate('next-ca', { ca: true });
    const bundle = pki.concat('bundle.crt', next.cert, ca.cert);
    const server = pki.certificate('zk-0-ip', { issuer: ca, sans: [`DNS:${ZK_0}`, 'IP:10.0.0.7'] });
    expect(
      check({ certFile: server.cert, keyFile: server.key, caFile: bundle, names: [ZK_0, '10.0.0.7'] }),
    ).toEqual([]);
  });

  it('an encrypted PKCS#8 key with its password', () => {
    const key = pki.encryptedKey('zk-0-encrypted', zk0.key, 'correct horse');
    expect(readFileSync(key, 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(check({ keyFile: key, keyPassword: 'correct horse' })).toEqual([]);
  });

  it('no names to check: any SANs will do', () => {
    expect(check({ names: [] })).toEqual([]);
  });
});

describe('checkTlsMaterial names a file that cannot be read', () => {
  it('one that does not exist, each of the three, and nothing more about them', () => {
    const missing = (name: string) => pki.path(`missing/${name}`);
    const problems = check({
      certFile: missing('tls.crt'),
      keyFile: missing('tls.key'),
      caFile: missing('ca.crt'),
    });
    expect(problems).toEqual([
      `${missing('tls.crt')} does not exist: mount the Secret that holds the server certificate and its intermediates there (cert-manager's key tls.crt), or correct the path`,
      `${missing('tls.key')} does not exist: mount the Secret that holds the server certificate's private key there (cert-manager's key tls.key), or correct the path`,
      `${missing('ca.crt')} does not exist: mount the Secret that holds the CA certificates that sign the servers there (cert-manager's key ca.crt), or correct the path`,
    ]);
  });

  it('a directory where the file should be', () => {
    expect(theProblem({ caFile: pki.dir })).toBe(
      `${pki.dir} is a directory: name the file in it that holds the CA certificates that sign the servers (cert-manager's ca.crt)`,
    );
  });

  it('a path through a file, with the error code', () => {
    expect(theProblem({ certFile: `${zk0.cert}/tls.crt` })).toBe(
      `${zk0.cert}/tls.crt cannot be read (ENOTDIR): check the volume mounted there`,
    );
  });

  it('a file the container user may not read', () => {
    const locked = pki.file('locked.key', readFileSync(zk0.key));
    chmodSync(locked, 0);
    const problems = checkAsNobody({ keyFile: locked });
    expect(problems.filter((problem) => problem.startsWith(locked))).toEqual([
      expect.stringMatching(/cannot be read \(EACCES\): make it readable by the container's user/),
    ]);
  });

  it('a path with a line break, quoted so the problem stays one line', () => {
    const path = pki.path('tls\n.crt');
    const problem = theProblem({ certFile: path });
    expect(problem).toContain(JSON.stringify(path));
    expect(problem).not.toContain('\n');
  });
});

describe('checkTlsMaterial names a file that holds the wrong thing', () => {
  it('an empty file, or one of only white space (an empty Secret key)', () => {
    for (const content of ['', ' \n\n']) {
      const empty = pki.file('empty.crt', content);
      expect(theProblem({ certFile: empty })).toBe(
        `${empty} is empty: the Secret has no data under tls.crt; check that the certificate was issued (kubectl describe certificate) and that the volume mounts that Secret`,
      );
    }
  });

  it('a binary DER certificate, with the command that converts it', () => {
    const der = pki.path('ca.der');
    pki.openssl('x509', '-in', ca.cert, '-outform', 'DER', '-out', der);
    expect(theProblem({ caFile: der })).toBe(
      `${der} is not PEM (no "-----BEGIN …-----" block, it looks like binary DER): it must hold the CA certificates that sign the servers in PEM; convert it with openssl x509 -inform DER -in ca.crt -out ca.crt.pem and mount that`,
    );
  });

  it('text that is not PEM at all (a key as base64 without its lines, say)', () => {
    const text = pki.file('base64.key', 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n');
    const problem = theProblem({ keyFile: text });
    expect(problem).toMatch(
      /is not PEM \(no "-----BEGIN …-----" block\): .* openssl pkey -inform DER -in tls.key/,
    );
    expect(problem).not.toContain('MIGHAgEA');
  });

  it('a key where the certificate should be: tls.crt and tls.key swapped', () => {
    const problems = check({ certFile: zk0.key, keyFile: zk0.cert });
    expect(problems).toEqual([
      `${zk0.key} holds no certificate (its PEM blocks: EC PRIVATE KEY): put the server certificate and its intermediates there, as "-----BEGIN CERTIFICATE-----" blocks (are tls.crt and the key file swapped?)`,
      `${zk0.cert} holds no private key (its PEM blocks: CERTIFICATE): put the certificate's key there, "-----BEGIN PRIVATE KEY-----" (PKCS#8), "RSA PRIVATE KEY" or "EC PRIVATE KEY"`,
    ]);
    expect(problems.join('\n')).not.toContain(base64Lines(zk0.key)[0]);
  });

  it('a CA bundle with no certificate, without the swap hint that fits only tls.crt', () => {
    const problem = theProblem({ caFile: zk0.key });
    expect(problem).toContain('holds no certificate (its PEM blocks: EC PRIVATE KEY)');
    expect(problem).not.toContain('swapped');
  });

  it('a damaged certificate, by its place in the file', () => {
    const text = readFileSync(zk0.cert, 'utf8');
    const damaged = pki.file(
      'damaged.crt',
      readFileSync(ca.cert, 'utf8') + text.replace(/\n[A-Za-z0-9+/]{64}\n/, '\nAAAA\n'),
    );
    expect(theProblem({ caFile: damaged })).toBe(
      `${damaged}: certificate 2 of 2 is not a valid X.509 certificate (damaged or cut short?): mount the file as the issuer wrote it`,
    );
  });

  it('two private keys in the key file (Kafka refuses them)', () => {
    const other = pki.key('other', 'ec-sec1');
    const two = pki.concat('two.key', zk0.key, other);
    expect(theProblem({ keyFile: two })).toBe(
      `${two} holds 2 private keys: keep only the one of the server certificate`,
    );
  });

  it('a damaged key, without a word of it', () => {
    const lines = base64Lines(zk0.key);
    const damaged = pki.file('damaged.key', readFileSync(zk0.key, 'utf8').replace(lines[1]!, 'AAAA'));
    const problem = theProblem({ keyFile: damaged });
    expect(problem).toBe(
      `${damaged}: its EC PRIVATE KEY block is not a key that can be read (damaged, or cut short?): mount the key issued with the certificate`,
    );
    for (const line of lines) expect(problem).not.toContain(line);
  });

  it("an Ed25519 key, which node reads and the JVMs' PEM readers do not", () => {
    const path = pki.path('zk-0-ed25519.key');
    pki.openssl('genpkey', '-algorithm', 'ed25519', '-out', path);
    const ed = pki.certificate('zk-0-ed25519', { issuer: ca, key: { path }, sans: [`DNS:${ZK_0}`] });
    expect(theProblem({ certFile: ed.cert, keyFile: ed.key })).toBe(
      `${ed.key} holds an ed25519 key, which ZooKeeper's and Kafka's PEM readers cannot load: ` +
        'issue the certificate with an RSA or ECDSA key (cert-manager: spec.privateKey.algorithm RSA or ECDSA)',
    );
  });

  it('an encrypted key without a password, or with the wrong one, which is never shown', () => {
    const key = pki.encryptedKey('zk-0-locked', zk0.key, 'correct horse');
    expect(theProblem({ keyFile: key })).toBe(
      `${key} is encrypted and no password was given for it: give the key's password, or mount the key unencrypted`,
    );
    const wrong = theProblem({ keyFile: key, keyPassword: 'battery staple' });
    expect(wrong).toBe(
      `${key}: the password given does not decrypt the key: give the password it was encrypted with`,
    );
    expect(wrong).not.toMatch(/horse|battery|staple/);
  });
});

describe('checkTlsMaterial checks the certificates', () => {
  it('one that expired, with when (a date openssl ca wrote)', () => {
    const old = pki.certificate('expired', {
      issuer: ca,
      sans: [`DNS:${ZK_0}`],
      dates: { start: '20200101000000Z', end: '20210101000000Z' },
    });
    expect(theProblem({ certFile: old.cert, keyFile: old.key })).toBe(
      `${old.cert}: the certificate (CN=expired) expired at 2021-01-01T00:00:00Z: renew it (cert-manager renews before notAfter: check the Certificate is Ready and its issuer works)`,
    );
  });

  it('certificates valid today that have expired by `now`, the CA with the fix for a bundle', () => {
    const [server, authority, ...more] = check({ now: new Date(NOW.getTime() + 31 * DAY) });
    const when = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';
    expect(server).toMatch(
      new RegExp(`^${zk0.cert}: the certificate \\(CN=zk-0\\) expired at ${when}: renew it`),
    );
    expect(authority).toMatch(
      new RegExp(
        `^${ca.cert}: the certificate \\(CN=test-ca\\) expired at ${when}: replace it with the renewed CA`,
      ),
    );
    expect(more).toEqual([]);
  });

  it('one not valid yet, with from when and the time now', () => {
    const future = pki.certificate('future', {
      issuer: ca,
      sans: [`DNS:${ZK_0}`],
      dates: { start: '20900101000000Z', end: '20910101000000Z' },
    });
    const now = NOW.toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(theProblem({ certFile: future.cert, keyFile: future.key })).toBe(
      `${future.cert}: the certificate (CN=future) is not valid until 2090-01-01T00:00:00Z (it is now ${now}): check the node's clock, or reissue it with a start in the past`,
    );
  });

  it('certificates made today, checked with a `now` of yesterday', () => {
    const problems = check({ now: new Date(NOW.getTime() - 2 * DAY) });
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^${zk0.cert}: the certificate \\(CN=zk-0\\) is not valid until`)),
      expect.stringMatching(new RegExp(`^${ca.cert}: the certificate \\(CN=test-ca\\) is not valid until`)),
    ]);
  });

  it('an expired CA in the bundle, with the fix for a bundle', () => {
    const root = pki.certificate('old-root', { ca: true });
    const oldCa = pki.certificate('old-ca', {
      issuer: root,
      ca: true,
      dates: { start: '20200101000000Z', end: '20210101000000Z' },
    });
    const server = pki.certificate('zk-0-old-ca', { issuer: oldCa, sans: [`DNS:${ZK_0}`] });
    expect(theProblem({ certFile: server.cert, keyFile: server.key, caFile: oldCa.cert })).toBe(
      `${oldCa.cert}: the certificate (CN=old-ca) expired at 2021-01-01T00:00:00Z: replace it with the renewed CA certificate, or remove it from the bundle`,
    );
  });

  it("a key that is not the certificate's", () => {
    const other = pki.key('stranger', 'ec-sec1');
    const problem = theProblem({ keyFile: other });
    expect(problem).toBe(
      `${other} is not the key of the certificate (CN=zk-0) in ${zk0.cert}: mount the key and the certificate of the same Secret (a reissued certificate comes with a new key)`,
    );
    for (const line of base64Lines(other)) expect(problem).not.toContain(line);
  });

  it("a key that is not the certificate's, naming a certificate without a subject by its serial", () => {
    const noSubject = pki.certificate('no-subject', { issuer: ca, cn: '', sans: [`DNS:${ZK_0}`] });
    expect(theProblem({ certFile: noSubject.cert })).toMatch(
      /is not the key of the certificate \(no subject, serial [0-9A-F]+\) in /,
    );
  });

  it("a key that is not the certificate's, when the file holds a chain", () => {
    const intermediate = pki.certificate('mismatch-intermediate', { issuer: ca, ca: true });
    const server = pki.certificate('mismatch-leaf', { issuer: intermediate, sans: [`DNS:${ZK_0}`] });
    const chain = pki.concat('mismatch-chain.crt', server.cert, intermediate.cert);
    expect(theProblem({ certFile: chain, keyFile: intermediate.key })).toContain(
      'is not the key of the certificate (CN=mismatch-leaf)',
    );
  });
});

describe('checkTlsMaterial checks that the CA bundle signed the certificate', () => {
  it('a certificate of another CA, naming its issuer and what the bundle holds', () => {
    const otherCa = pki.certificate('other-ca', { ca: true });
    const server = pki.certificate('zk-0-other', { issuer: otherCa, sans: [`DNS:${ZK_0}`] });
    expect(theProblem({ certFile: server.cert, keyFile: server.key })).toBe(
      `${server.cert}: the certificate (CN=zk-0-other) is not signed by a CA in ${ca.cert} (it was issued by CN=other-ca; the bundle holds CN=test-ca): put the CA that issued it in ${ca.cert}, and any intermediate after the certificate in ${server.cert}`,
    );
  });

  it('a certificate whose signature does not verify: names and key identifiers alone prove nothing', () => {
    // The last byte of the DER is the last byte of the ECDSA signature: changed, the certificate still
    // parses, names test-ca as its issuer with test-ca's key identifier, and is not test-ca's work.
    const der = pki.path('tampered.der');
    pki.openssl('x509', '-in', zk0.cert, '-outform', 'DER', '-out', der);
    const bytes = readFileSync(der);
    bytes[bytes.length - 1]! ^= 0x01;
    const base64 = bytes
      .toString('base64')
      .match(/.{1,64}/g)!
      .join('\n');
    const tampered = pki.file(
      'tampered.crt',
      `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`,
    );
    expect(theProblem({ certFile: tampered })).toBe(
      `${tampered}: the certificate (CN=zk-0) is not signed by a CA in ${ca.cert} (the bundle's CN=test-ca has its issuer's name but not its key: a CA re-created since?): reissue the certificate from the current CA, or mount the CA that signed it`,
    );
  });

  it('a CA whose keyUsage does not allow signing certificates, though its key signed this one', () => {
    const signOnly = pki.certificate('sign-only-ca', { ca: true, keyUsage: 'digitalSignature' });
    const server = pki.certificate('zk-0-sign-only', { issuer: signOnly, sans: [`DNS:${ZK_0}`] });
    expect(theProblem({ certFile: server.cert, keyFile: server.key, caFile: signOnly.cert })).toBe(
      `${signOnly.cert}: the certificate (CN=sign-only-ca) is not a CA (basicConstraints without CA:TRUE, or a keyUsage without keyCertSign): the bundle must hold the CA certificates that issue the servers, not a server certificate`,
    );
  });

  it('the CA remade with the same key and name but another key identifier', () => {
    const remade = pki.certificate('ca-remade', {
      ca: true,
      cn: 'test-ca',
      key: { path: ca.key },
      skid: '01:02:03:04',
    });
    expect(theProblem({ caFile: remade.cert })).toBe(
      `${zk0.cert}: the certificate (CN=zk-0) is not signed by a CA in ${remade.cert} (the bundle's CN=test-ca signed it, but its subject key identifier is not the authority key identifier the certificate names): mount the CA certificate as it was when it issued this one, or reissue the certificate from the CA as it is now`,
    );
  });

  it('a self-signed certificate', () => {
    const selfSigned = pki.certificate('self-signed', { sans: [`DNS:${ZK_0}`] });
    expect(theProblem({ certFile: selfSigned.cert, keyFile: selfSigned.key })).toContain(
      '(CN=self-signed) is not signed by a CA in',
    );
  });

  it('an intermediate missing from tls.crt', () => {
    const intermediate = pki.certificate('lost-intermediate', { issuer: ca, ca: true });
    const server = pki.certificate('zk-0-lost', { issuer: intermediate, sans: [`DNS:${ZK_0}`] });
    expect(theProblem({ certFile: server.cert, keyFile: server.key })).toContain(
      'is not signed by a CA in ' +
        ca.cert +
        ' (it was issued by CN=lost-intermediate; the bundle holds CN=test-ca)',
    );
  });

  it('an intermediate whose root is not in the bundle', () => {
    const root = pki.certificate('unknown-root', { ca: true });
    const intermediate = pki.certificate('orphan-intermediate', { issuer: root, ca: true });
    const server = pki.certificate('zk-0-orphan', { issuer: intermediate, sans: [`DNS:${ZK_0}`] });
    const chain = pki.concat('orphan-chain.crt', server.cert, intermediate.cert);
    expect(theProblem({ certFile: chain, keyFile: server.key })).toContain(
      `${chain}: the chain from the certificate (CN=zk-0-orphan) ends at the intermediate CN=orphan-intermediate, which is not signed by a CA in ${ca.cert} (it was issued by CN=unknown-root;`,
    );
  });

  it('a CA re-created under the same name, which signed nothing issued before', () => {
    const recreated = pki.certificate('ca-recreated', { ca: true, cn: 'test-ca' });
    expect(theProblem({ caFile: recreated.cert })).toBe(
      `${zk0.cert}: the certificate (CN=zk-0) is not signed by a CA in ${recreated.cert} (the bundle's CN=test-ca has its issuer's name but not its key: a CA re-created since?): reissue the certificate from the current CA, or mount the CA that signed it`,
    );
  });

  it('a "CA" that is not one (basicConstraints CA:FALSE), even when it signed the certificate', () => {
    const notCa = pki.certificate('not-a-ca', { ca: false });
    const server = pki.certificate('zk-0-by-not-ca', { issuer: notCa, sans: [`DNS:${ZK_0}`] });
    expect(theProblem({ certFile: server.cert, keyFile: server.key, caFile: notCa.cert })).toBe(
      `${notCa.cert}: the certificate (CN=not-a-ca) is not a CA (basicConstraints without CA:TRUE, or a keyUsage without keyCertSign): the bundle must hold the CA certificates that issue the servers, not a server certificate`,
    );
  });

  it('the server certificate given as the CA bundle', () => {
    const problems = check({ caFile: zk0.cert });
    expect(problems).toHaveLength(2);
    expect(problems[1]).toContain(`${zk0.cert}: the certificate (CN=zk-0) is not a CA`);
  });

  it('an "intermediate" after the certificate that is not a CA', () => {
    const notCa = pki.certificate('fake-intermediate', { issuer: ca, ca: false });
    const server = pki.certificate('zk-0-fake', { issuer: notCa, sans: [`DNS:${ZK_0}`] });
    const chain = pki.concat('fake-chain.crt', server.cert, notCa.cert);
    expect(theProblem({ certFile: chain, keyFile: server.key })).toBe(
      `${chain}: certificate 2 of 2 (CN=fake-intermediate) follows the server certificate but is not a CA (basicConstraints without CA:TRUE, or a keyUsage without keyCertSign): after the server certificate, the file may hold only the intermediates that issued it`,
    );
  });
});

describe('checkTlsMaterial checks the names against the SANs only', () => {
  it('lists the names not covered and the SANs there are', () => {
    const names = [ZK_0, 'zk-client.default.svc.cluster.local', 'zk-1.zk-svc.default.svc.cluster.local'];
    expect(theProblem({ names })).toBe(
      `${zk0.cert}: the certificate's subject alternative names do not cover zk-client.default.svc.cluster.local, zk-1.zk-svc.default.svc.cluster.local (it has DNS:${ZK_0}; the common name is not used): reissue it with these names among its SANs (cert-manager: the Certificate's spec.dnsNames)`,
    );
  });

  it('ignores the common name, as modern clients do', () => {
    const cnOnly = pki.certificate('cn-only', { issuer: ca, cn: ZK_0 });
    expect(theProblem({ certFile: cnOnly.cert, keyFile: cnOnly.key })).toContain(
      `do not cover ${ZK_0} (it has none; the common name is not used)`,
    );
  });

  it('lets a wildcard stand for one left-most label only (RFC 6125)', () => {
    const wildcard = pki.certificate('wildcard', {
      issuer: ca,
      sans: ['DNS:*.zk-svc.default.svc.cluster.local'],
    });
    const uncovered = (name: string) =>
      check({ certFile: wildcard.cert, keyFile: wildcard.key, names: [name] });
    expect(uncovered(ZK_0)).toEqual([]);
    expect(uncovered('ZK-0.zk-svc.default.svc.cluster.local')).toEqual([]);
    for (const name of [
      'zk-svc.default.svc.cluster.local',
      'a.zk-0.zk-svc.default.svc.cluster.local',
      'zk-0.other.default.svc.cluster.local',
    ])
      expect(uncovered(name), name).toEqual([
        expect.stringContaining(`do not cover ${name} (it has DNS:*.zk-svc`),
      ]);
  });

  it('refuses a partial wildcard (zk*.…), which RFC 6125 leaves to clients and most refuse', () => {
    const partial = pki.certificate('partial', {
      issuer: ca,
      sans: ['DNS:zk*.zk-svc.default.svc.cluster.local'],
    });
    expect(theProblem({ certFile: partial.cert, keyFile: partial.key })).toContain(`do not cover ${ZK_0}`);
  });

  it('checks an IP address against the IP SANs', () => {
    expect(theProblem({ names: ['10.0.0.7'] })).toContain('do not cover 10.0.0.7');
  });
});

describe('assertNoTlsProblems', () => {
  it('throws one AGENT_ERR_TLS_INVALID listing every problem, one line each, exit 1', () => {
    const problems = check({
      keyFile: pki.key('unrelated', 'ec-sec1'),
      names: ['zk-9.example'],
      now: new Date(NOW.getTime() + 31 * DAY),
    });
    expect(problems.length).toBeGreaterThanOrEqual(3);
    expect(() => assertNoTlsProblems(problems)).toThrow(AgentError);
    expect(() => assertNoTlsProblems(problems)).toThrow(
      expect.objectContaining({ code: 'AGENT_ERR_TLS_INVALID', exitCode: 1, message: problems.join('\n') }),
    );
  });

  it('lets the start go on when there is no problem', () => {
    expect(() => assertNoTlsProblems(check())).not.toThrow();
  });
});
