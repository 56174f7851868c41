// Certificates made for the tests by the real openssl CLI, in a temp dir, the way an operator's scripts
// or a CA would make them: checked-in fixtures would expire, and would only show that the checks agree
// with themselves. Each call is one or two openssl runs of a few milliseconds (EC keys unless asked).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../tools/harness/run-agent.ts';

/** A key's algorithm and PEM encoding: PKCS#8 `PRIVATE KEY`, PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY`. */
export type KeyKind = 'ec-sec1' | 'ec-pkcs8' | 'rsa-pkcs8' | 'rsa-pkcs1';

export interface Issued {
  readonly cert: string;
  readonly key: string;
}

export interface CertificateOptions {
  /** Who signs it; self-signed without. */
  readonly issuer?: Issued;
  /** basicConstraints CA:TRUE (and keyCertSign); CA:FALSE otherwise. */
  readonly ca?: boolean;
  /** A CA's keyUsage, `keyCertSign, cRLSign` by default. */
  readonly keyUsage?: string;
  /** The subject key identifier, as hex bytes (01:02:…); the hash of the key by default. */
  readonly skid?: string;
  /** subjectAltName entries: `DNS:zk-0.zk-hs…`, `IP:10.0.0.1`; none without. */
  readonly sans?: readonly string[];
  /** The subject's CN; the file name by default, none at all for ''. */
  readonly cn?: string;
  /** A new key of this kind (ec-sec1 by default), or the path of one to reuse. */
  readonly key?: KeyKind | { readonly path: string };
  /** Both, as YYYYMMDDHHMMSSZ: made by `openssl ca`, since openssl 3.0's x509 cannot set past dates. */
  readonly dates?: { readonly start: string; readonly end: string };
}

/** Its own temp dir, made at once: `afterAll(() => pki.remove())` in the test file. */
export class TestPki {
  readonly dir: string;
  readonly remove: () => void;
  private serial = 0;
  constructor(prefix: string) {
    ({ path: this.dir, remove: this.remove } = makeTempDir(prefix));
  }

  openssl(...args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: 'pipe' });
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  /** A file of `content` in the temp dir; its path. */
  file(name: string, content: string | Buffer): string {
    writeFileSync(this.path(name), content);
    return this.path(name);
  }

  /** The files at `paths`, one after the other, as a new file: a chain or a bundle. */
  concat(name: string, ...paths: string[]): string {
    return this.file(name, paths.map((path) => readFileSync(path, 'utf8')).join(''));
  }

  key(name: string, kind: KeyKind): string {
    const path = this.path(`${name}.key`);
    if (kind === 'ec-sec1') this.openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', path);
    if (kind === 'ec-pkcs8')
      this.openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path);
    if (kind.startsWith('rsa'))
      this.openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', path);
    if (kind === 'rsa-pkcs1') this.openssl('rsa', '-in', path, '-traditional', '-out', path);
    return path;
  }

  /** `key` as encrypted PKCS#8, the form Kafka's and ZooKeeper's PEM readers take with a key password. */
  encryptedKey(name: string, key: string, password: string): string {
    const path = this.path(`${name}.key`);
    const encryption = ['-topk8', '-v2', 'aes-256-cbc', '-passout', `pass:${password}`];
    this.openssl('pkcs8', ...encryption, '-in', key, '-out', path);
    return path;
  }

  certificate(name: string, options: CertificateOptions = {}): Issued {
    const key = typeof options.key === 'object' ? options.key.path : this.key(name, options.key ?? 'ec-sec1');
    const csr = this.path(`${name}.csr`);
    const cert = this.path(`${name}.crt`);
    const cn = options.cn ?? name;
    this.openssl('req', '-new', '-key', key, '-subj', cn === '' ? '/' : `/CN=${cn}`, '-out', csr);
    const extensions = this.file(`${name}.ext`, extensionLines(options).join('\n') + '\n');
    const files = ['-in', csr, '-extfile', extensions, '-out', cert];
    const { issuer, dates } = options;
    if (dates) {
      if (!issuer) throw new Error('openssl ca needs an issuer');
      const signer = ['-config', this.caConfig(), '-cert', issuer.cert, '-keyfile', issuer.key];
      const validity = ['-startdate', dates.start, '-enddate', dates.end];
      this.openssl('ca', '-batch', '-notext', ...signer, ...validity, ...files);
    } else {
      const signer = issuer ? ['-CA', issuer.cert, '-CAkey', issuer.key] : ['-signkey', key];
      const serial = ['-set_serial', String(++this.serial)];
      this.openssl('x509', '-req', ...signer, ...serial, '-days', '30', ...files);
    }
    return { cert, key };
  }

  /** The smallest configuration `openssl ca` runs with (a database, a serial, any subject), made once. */
  private caConfig(): string {
    const config = this.path('ca.cnf');
    if (existsSync(config)) return config;
    this.file('index.txt', '');
    this.file('serial', '1000\n');
    const lines = [
      '[ca]',
      'default_ca = test',
      '[test]',
      `database = ${this.path('index.txt')}`,
      `new_certs_dir = ${this.dir}`,
      `serial = ${this.path('serial')}`,
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
    ];
    return this.file('ca.cnf', lines.join('\n') + '\n');
  }
}

function extensionLines(options: CertificateOptions): string[] {
  const { ca = false, keyUsage = 'keyCertSign, cRLSign', sans = [], issuer, skid = 'hash' } = options;
  return [
    ca ? 'basicConstraints = critical, CA:TRUE' : 'basicConstraints = CA:FALSE',
    ...(ca ? [`keyUsage = critical, ${keyUsage}`] : []),
    ...(sans.length > 0 ? [`subjectAltName = ${sans.join(', ')}`] : []),
    `subjectKeyIdentifier = ${skid}`,
    ...(issuer ? ['authorityKeyIdentifier = keyid'] : []),
  ];
}
