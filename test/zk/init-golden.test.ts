// Golden files for everything `zk-agent init` writes (docs/design.md): each folder of test/golden/zk/ holds
// the inputs (`env`, `hostname`) and the expected zoo.cfg, java.env, logback.xml, myid and, when the case
// warns, warnings.txt. A reviewer reads the golden diff to see what changed for users.
// UPDATE_GOLDEN=1 rewrites the expected files from what the agent writes now. A case with AGENT_TLS_DIR
// gets a Secret made for it at test time (certificates expire; the goldens show only paths) and expects
// client-tls.properties too; its keystore and truststore are checked for form, not bytes.
//
// The cases run the built bundle and let it really write, because that is what a pod does. To keep the
// goldens free of temp paths, every path variable is moved under a fresh temp root (ZK_DATA_DIR=/x becomes
// <root>/x, the conf dir is passed as `--conf-dir <root>/opt/zookeeper/conf`) and the root is cut out of
// what was written: the goldens show exactly the paths a pod gets. (`--dry-run` would avoid the temp root
// but not exercise the writes, and its myid check would read the machine's /var/lib/zookeeper.)
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { zkVariables } from '../../agents/zk/settings.ts';
import {
  ensureBuilt,
  loggedWarnings,
  makeTempDir,
  parseEnvFile,
  REPO_ROOT,
  runAgent,
} from '../../tools/harness/run-agent.ts';
import { MountedSecret } from '../helpers/mounted-secret.ts';
import { TestPki } from '../helpers/test-pki.ts';

const GOLDEN_DIR = join(REPO_ROOT, 'test/golden/zk');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const CONF_FILES = ['zoo.cfg', 'java.env', 'logback.xml'] as const;
/** What a TLS case writes besides: the client's configuration (golden) and the stores (not golden). */
const TLS_CONF_FILES = ['client-tls.properties'] as const;
const pki = new TestPki('zk-golden-tls');
const ca = pki.certificate('ca', { ca: true });
type PathVariable = 'ZK_DATA_DIR' | 'ZK_DATA_LOG_DIR' | 'ZK_CONF_DIR';

const cases = readdirSync(GOLDEN_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface InitResult {
  /** Expected-file name → content, with the temp root cut out. */
  readonly files: Record<string, string>;
  readonly warnings: string[];
  /** What the conf dir holds afterwards: the three files and nothing else (no temp files). */
  readonly confDirListing: string[];
  /** TLS cases: what <conf>/tls holds, and the keystore's mode and first PEM block. */
  readonly stores?: { listing: string[]; keystoreMode: string; keystoreStart: string; truststore: string };
}

function pathUnder(root: string, env: Record<string, string>, name: PathVariable) {
  const value = env[name]?.trim() || zkVariables[name].doc.defaultText!;
  return `${root}${value}`;
}

/** The case's `init` command line and environment, with every path moved under `root`. */
function invocation(
  caseName: string,
  root: string,
): {
  confDir: string;
  dataDir: string;
  args: string[];
  env: Record<string, string>;
} {
  const dir = join(GOLDEN_DIR, caseName);
  const env = parseEnvFile(readFileSync(join(dir, 'env'), 'utf8'));
  const hostname = readFileSync(join(dir, 'hostname'), 'utf8').trim();
  const confDir = pathUnder(root, env, 'ZK_CONF_DIR');
  const dataDir = pathUnder(root, env, 'ZK_DATA_DIR');
  const tls: Record<string, string> = env.AGENT_TLS_DIR
    ? { AGENT_TLS_DIR: mountTls(root, env, hostname) }
    : {};
  return {
    confDir,
    dataDir,
    args: ['init', '--hostname', hostname, '--conf-dir', confDir],
    env: { ...env, ZK_DATA_DIR: dataDir, ZK_DATA_LOG_DIR: pathUnder(root, env, 'ZK_DATA_LOG_DIR'), ...tls },
  };
}

/** The case's Secret under `root`, as the kubelet mounts it, for the pod's FQDN and AGENT_TLS_NAMES. */
function mountTls(root: string, env: Record<string, string>, hostname: string): string {
  const names = [`${hostname}.${env.AGENT_DOMAIN}`, ...(env.AGENT_TLS_NAMES ?? '').split(',')];
  const sans = names.filter((name) => name !== '').map((name) => `DNS:${name}`);
  const server = pki.certificate(`${hostname}-${Date.now()}`, { issuer: ca, sans, key: 'rsa-pkcs1' });
  const secret = new MountedSecret(`${root}${env.AGENT_TLS_DIR}`);
  secret.swap({ 'tls.crt': server.cert, 'tls.key': server.key, 'ca.crt': ca.cert });
  return secret.dir;
}

function runInit(caseName: string, root: string): InitResult {
  const { confDir, dataDir, args, env } = invocation(caseName, root);
  const run = runAgent('zk-agent', args, { env });
  expect(run.stderr.split('\n').filter((line) => !line.startsWith('{') && line !== '')).toEqual([]);
  expect(run.status).toBe(0);
  const tls = env.AGENT_TLS_DIR !== undefined;
  const files: Record<string, string> = {};
  for (const name of [...CONF_FILES, ...(tls ? TLS_CONF_FILES : [])])
    files[name] = readFileSync(join(confDir, name), 'utf8').replaceAll(root, '');
  files.myid = readFileSync(join(dataDir, 'myid'), 'utf8');
  const result = { files, warnings: loggedWarnings(run.stderr), confDirListing: readdirSync(confDir).sort() };
  if (!tls) return result;
  const keystore = join(confDir, 'tls', 'keystore.pem');
  return {
    ...result,
    stores: {
      listing: readdirSync(join(confDir, 'tls')).sort(),
      keystoreMode: (statSync(keystore).mode & 0o777).toString(8),
      keystoreStart: readFileSync(keystore, 'utf8').split('\n')[0]!,
      truststore: readFileSync(join(confDir, 'tls', 'truststore.pem'), 'utf8'),
    },
  };
}

function expectGolden(caseName: string, fileName: string, actual: string | undefined) {
  const path = join(GOLDEN_DIR, caseName, fileName);
  if (UPDATE) {
    if (actual === undefined) rmSync(path, { force: true });
    else writeFileSync(path, actual);
    return;
  }
  const expected = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  expect(actual, `${caseName}/${fileName}`).toBe(expected);
}

describe('zk-agent init writes the golden files', () => {
  let temp: ReturnType<typeof makeTempDir> | undefined;
  beforeAll(() => ensureBuilt('zk-agent'));
  afterAll(() => pki.remove());
  afterEach(() => temp?.remove());

  it('has golden cases to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const caseName of cases) {
    it(`writes the expected files for ${caseName}, and the same bytes when run again`, () => {
      temp = makeTempDir('zk-golden');
      const first = runInit(caseName, temp.path);
      for (const [name, content] of Object.entries(first.files)) expectGolden(caseName, name, content);
      expectGolden(
        caseName,
        'warnings.txt',
        first.warnings.length > 0 ? first.warnings.map((line) => `${line}\n`).join('') : undefined,
      );
      const tlsFiles = first.stores ? [...TLS_CONF_FILES, 'tls'] : [];
      expect(first.confDirListing).toEqual([...CONF_FILES, ...tlsFiles].sort());
      if (first.stores) {
        // The key as PKCS#8 (the Secret's is PKCS#1, as cert-manager writes RSA keys), readable by no one else.
        expect(first.stores).toEqual({
          listing: ['keystore.pem', 'truststore.pem'],
          keystoreMode: '600',
          keystoreStart: '-----BEGIN PRIVATE KEY-----',
          truststore: readFileSync(ca.cert, 'utf8'),
        });
      }

      // Idempotence: a restarted pod runs init again over its own files and must get the same bytes.
      const second = runInit(caseName, temp.path);
      expect(second.files).toEqual(first.files);
      expect(second.confDirListing).toEqual(first.confDirListing);
      expect(second.stores).toEqual(first.stores);
    });
  }

  it('prints with --dry-run the keystore of a TLS case with its key masked, and writes nothing', () => {
    temp = makeTempDir('zk-golden');
    const { args, env } = invocation('tls-ensemble-zk-1', temp.path);
    const before = readdirSync(temp.path);
    const dryRun = runAgent('zk-agent', [...args, '--dry-run'], { env });
    expect(dryRun.status, dryRun.stderr).toBe(0);
    expect(readdirSync(temp.path)).toEqual(before);
    const keystore = dryRun.stdout.split('==> ').find((part) => part.includes('/tls/keystore.pem <=='));
    expect(keystore).toMatch(/^\S+ <==\n<secret>\n-----BEGIN CERTIFICATE-----\n/);
    expect(dryRun.stdout).not.toContain('PRIVATE KEY');
  });

  it('prints with --dry-run exactly the files init writes, and writes nothing', () => {
    temp = makeTempDir('zk-golden');
    const { args, env } = invocation('handbook-manifest', temp.path);
    const dryRun = runAgent('zk-agent', [...args, '--dry-run'], { env });
    expect(dryRun.status).toBe(0);
    expect(readdirSync(temp.path)).toEqual([]);
    const expected = ['zoo.cfg', 'java.env', 'logback.xml', 'myid'].map((name) => {
      const path = name === 'myid' ? '/var/lib/zookeeper/data/myid' : `/opt/zookeeper/conf/${name}`;
      return `==> ${path} <==\n${readFileSync(join(GOLDEN_DIR, 'handbook-manifest', name), 'utf8')}`;
    });
    expect(dryRun.stdout.replaceAll(temp.path, '')).toBe(expected.join('\n'));
  });
});
