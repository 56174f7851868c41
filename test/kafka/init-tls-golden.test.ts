// Golden files of `kafka-agent init` with AGENT_TLS_DIR: each folder of test/golden/kafka-tls/ holds the
// inputs (`env`, `hostname`) and the expected server.properties and `log.txt`. The certificates are made
// fresh by openssl (test/helpers/test-pki.ts: checked-in ones would expire) and mounted the kubelet's
// way; `@TLS@` in an env file is that mount, and the golden shows it as `@TLS@` again. Besides
// server.properties the agent writes the keystore (the key as PKCS#8, then the chain; 0600) and the
// truststore into <conf>/tls/. UPDATE_GOLDEN=1 rewrites the expected files.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  logEvents,
  makeTempDir,
  parseEnvFile,
  REPO_ROOT,
  runAgent,
} from '../../tools/harness/run-agent.ts';
import { expectGolden } from '../helpers/golden.ts';
import { MountedSecret } from '../helpers/mounted-secret.ts';
import { TestPki } from '../helpers/test-pki.ts';

const GOLDEN_DIR = join(REPO_ROOT, 'test/golden/kafka-tls');
const cases = readdirSync(GOLDEN_DIR).sort();

const pki = new TestPki('kafka-tls-golden');
const ca = pki.certificate('ca', { ca: true, cn: 'golden ca' });
// cert-manager's shape: an RSA key in PKCS#1, which the agent rewrites as PKCS#8 for the JVM.
const pod = pki.certificate('kafka', {
  issuer: ca,
  cn: 'kafka',
  key: 'rsa-pkcs1',
  sans: [
    'DNS:*.kafka-hs.default.svc.cluster.local',
    'DNS:*.kafka-controller-hs.default.svc.cluster.local',
    'DNS:kafka-bootstrap.default.svc.cluster.local',
  ],
});
const secret = new MountedSecret(pki.path('tls'));
secret.swap({ 'tls.crt': pod.cert, 'tls.key': pod.key, 'ca.crt': ca.cert });
afterAll(() => pki.remove());

let temp: ReturnType<typeof makeTempDir> | undefined;
beforeAll(() => ensureBuilt('kafka-agent'));
afterEach(() => temp?.remove());

function init(caseName: string, extraArgs: readonly string[] = []) {
  temp = makeTempDir('kafka-tls-golden');
  const dir = join(GOLDEN_DIR, caseName);
  const env = parseEnvFile(readFileSync(join(dir, 'env'), 'utf8').replaceAll('@TLS@', secret.dir));
  const confDir = join(temp.path, 'opt/kafka/config');
  const run = runAgent(
    'kafka-agent',
    [
      'init',
      '--hostname',
      readFileSync(join(dir, 'hostname'), 'utf8').trim(),
      '--conf-dir',
      confDir,
      ...extraArgs,
    ],
    {
      env: {
        ...env,
        KAFKA_LOG_DIRS: join(temp.path, 'var/lib/kafka/data'),
        KAFKA_HOME: join(temp.path, 'opt/kafka'),
      },
    },
  );
  expect(run.status, run.stderr).toBe(0);
  // The paths a pod gets: the temp root cut out, the mount shown as the env file names it.
  const root = temp.path;
  const shown = (text: string) => text.replaceAll(secret.dir, '@TLS@').replaceAll(root, '');
  return { run, confDir, shown };
}

describe('kafka-agent init with AGENT_TLS_DIR writes the golden files', () => {
  for (const caseName of cases) {
    it(`writes the expected server.properties and PEM stores for ${caseName}`, () => {
      const { run, confDir, shown } = init(caseName);
      const golden = `test/golden/kafka-tls/${caseName}`;
      expectGolden(
        `${golden}/server.properties`,
        shown(readFileSync(join(confDir, 'server.properties'), 'utf8')),
      );
      const log = logEvents(run.stderr)
        .map((event) => String(event.msg))
        .filter((msg) => msg !== 'configuration written');
      // What the agent told the operator it interpreted; empty when nothing needed saying.
      expectGolden(`${golden}/log.txt`, log.map((line) => `${shown(line)}\n`).join(''));

      const keystore = join(confDir, 'tls', 'keystore.pem');
      expect(readdirSync(join(confDir, 'tls')).sort()).toEqual(['keystore.pem', 'truststore.pem']);
      expect(statSync(keystore).mode & 0o777).toBe(0o600);
      const blocks = readFileSync(keystore, 'utf8').match(/^-----BEGIN [A-Z ]+-----$/gm);
      expect(blocks).toEqual(['-----BEGIN PRIVATE KEY-----', '-----BEGIN CERTIFICATE-----']);
      expect(readFileSync(join(confDir, 'tls', 'truststore.pem'), 'utf8')).toBe(
        readFileSync(ca.cert, 'utf8'),
      );
    });
  }

  it('prints the stores with --dry-run with the key masked, and writes nothing', () => {
    const { run, confDir } = init('kraft-tls-only-0', ['--dry-run']);
    expect(existsSync(confDir)).toBe(false);
    expect(run.stdout).toContain(
      `==> ${join(confDir, 'tls', 'keystore.pem')} <==\n<secret>\n-----BEGIN CERTIFICATE-----`,
    );
    expect(run.stdout).not.toMatch(/BEGIN (RSA )?PRIVATE KEY/);
  });
});
