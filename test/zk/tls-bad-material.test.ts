// A mounted Secret the server could not use stops `zk-agent init` and `zk-agent run` before anything is
// written or started: exit 1, one line naming the file at fault and what to do, no stack trace, no
// config file, no myid, and (run) no server: the command after `--` would leave a file behind, and the
// agent logs no "server started". Each case is one thing wrong with an otherwise valid Secret, mounted
// the way the kubelet mounts it.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundlePath,
  ensureBuilt,
  hasStackTrace,
  logEvents,
  makeTempDir,
  REPO_ROOT,
  type AgentRun,
} from '../../tools/harness/run-agent.ts';
import { MountedSecret } from '../helpers/mounted-secret.ts';
import { freePort } from '../../tools/harness/ports.ts';
import { TestPki, type Issued } from '../helpers/test-pki.ts';

const FQDN = 'zk-0.zk-hs.default.svc.cluster.local';
const CLIENT_SERVICE = 'zk-client.default.svc.cluster.local';
const SANS = [`DNS:${FQDN}`, `DNS:${CLIENT_SERVICE}`];

const pki = new TestPki('zk-tls-bad');
const ca = pki.certificate('ca', { ca: true });
const otherCa = pki.certificate('other-ca', { ca: true });
const valid = pki.certificate('valid', { issuer: ca, sans: SANS });
const temp = makeTempDir('zk-tls-bad');
// The unreadable case runs as nobody when the tests run as root (root reads a mode-0 file).
chmodSync(temp.path, 0o755);

beforeAll(() => ensureBuilt('zk-agent'));
afterAll(() => {
  temp.remove();
  pki.remove();
});

interface BadCase {
  readonly name: string;
  /** The Secret's files, as paths to copy in; `tls.key: undefined` leaves the key out. */
  readonly secret: () => Record<string, string | undefined>;
  /** The Secret key of the file the one line must name. */
  readonly file: 'tls.crt' | 'tls.key' | 'ca.crt';
  readonly says: string;
  /** The key made unreadable (mode 0), and the agent run as an unprivileged user. */
  readonly unreadableKey?: boolean;
}

const dated = (name: string, start: string, end: string): Issued =>
  pki.certificate(name, { issuer: ca, sans: SANS, dates: { start, end } });

const cases: BadCase[] = [
  {
    name: 'an expired certificate',
    secret: () => ({ ...secretOf(dated('expired', '20200101000000Z', '20210101000000Z')) }),
    file: 'tls.crt',
    says: 'expired at 2021-01-01T00:00:00Z',
  },
  {
    name: 'a certificate not yet valid',
    secret: () => ({ ...secretOf(dated('future', '20900101000000Z', '20910101000000Z')) }),
    file: 'tls.crt',
    says: 'is not valid until 2090-01-01T00:00:00Z',
  },
  {
    name: "a key that is not the certificate's",
    secret: () => ({ ...secretOf(valid), 'tls.key': pki.certificate('other', { issuer: ca }).key }),
    file: 'tls.key',
    says: 'is not the key of the certificate',
  },
  {
    name: 'a CA bundle without the CA that signed the certificate',
    secret: () => ({ ...secretOf(valid), 'ca.crt': otherCa.cert }),
    file: 'tls.crt',
    says: 'not signed by a CA in',
  },
  {
    name: "a certificate whose SANs do not name the pod's FQDN",
    secret: () =>
      secretOf(
        pki.certificate('zk-1', {
          issuer: ca,
          sans: ['DNS:zk-1.zk-hs.default.svc.cluster.local', `DNS:${CLIENT_SERVICE}`],
        }),
      ),
    file: 'tls.crt',
    says: `do not cover ${FQDN}`,
  },
  {
    name: 'a certificate whose SANs do not name a Service of AGENT_TLS_NAMES',
    secret: () => secretOf(pki.certificate('pod-only', { issuer: ca, sans: [`DNS:${FQDN}`] })),
    file: 'tls.crt',
    says: `do not cover ${CLIENT_SERVICE}`,
  },
  {
    name: 'a Secret without tls.key',
    secret: () => ({ ...secretOf(valid), 'tls.key': undefined }),
    file: 'tls.key',
    says: 'does not exist',
  },
  {
    name: 'a key the container user cannot read',
    secret: () => secretOf(valid),
    file: 'tls.key',
    says: 'cannot be read (EACCES)',
    unreadableKey: true,
  },
];

function secretOf(issued: Issued): Record<string, string> {
  return { 'tls.crt': issued.cert, 'tls.key': issued.key, 'ca.crt': ca.cert };
}

let mounted = 0;

/** The case's Secret mounted as the kubelet does, and a pod dir that nothing has written to yet. */
function pod(badCase: BadCase) {
  const dir = join(temp.path, `pod-${++mounted}`);
  const secret = new MountedSecret(join(dir, 'etc-tls'));
  const files = Object.fromEntries(
    Object.entries(badCase.secret()).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  secret.swap(files);
  if (badCase.unreadableKey) chmodSync(join(secret.dir, '..data', 'tls.key'), 0o000);
  return {
    secret: secret.dir,
    written: join(dir, 'pod'),
    marker: join(dir, 'server-ran'),
    env: {
      ZK_REPLICAS: '3',
      AGENT_DOMAIN: 'zk-hs.default.svc.cluster.local',
      AGENT_TLS_DIR: secret.dir,
      AGENT_TLS_NAMES: CLIENT_SERVICE,
      ZK_DATA_DIR: join(dir, 'pod', 'data'),
      ZK_DATA_LOG_DIR: join(dir, 'pod', 'log'),
      ZK_CONF_DIR: join(dir, 'pod', 'conf'),
      ZK_LIB_DIR: join(dir, 'no-jars'),
    },
  };
}

/** The bundle with a clean env, as nobody (uid 65534) when asked and running as root. */
function agent(args: readonly string[], env: Record<string, string>, asNobody: boolean): AgentRun {
  const nobody = asNobody && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const result = spawnSync(process.execPath, [bundlePath('zk-agent'), ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
    timeout: 20_000,
    ...nobody,
  });
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

describe.each([
  { verb: 'init', args: ['init', '--hostname', 'zk-0'] },
  // The command after `--` stands for the server: it would leave a file behind if it ever ran.
  { verb: 'run', args: ['run', '--hostname', 'zk-0', '--', 'sh', '-c', 'touch "$MARKER"'] },
])('zk-agent $verb refuses a Secret the server cannot use', ({ verb, args }) => {
  it.each(cases)('$name: exit 1, one line naming $file, nothing written, no server', (badCase) => {
    const { secret, written, marker, env } = pod(badCase);
    const run = agent(args, { ...env, MARKER: marker }, badCase.unreadableKey === true);
    expect(run.status, run.stderr).toBe(1);
    expect(hasStackTrace(run.stderr), run.stderr).toBe(false);
    const lines = run.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('{'));
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toContain('AGENT_ERR_TLS_INVALID');
    expect(lines[0]).toContain(join(secret, badCase.file));
    expect(lines[0]).toContain(badCase.says);
    expect(existsSync(written), 'nothing written: not even the config dir').toBe(false);
    expect(existsSync(marker), 'the server command never ran').toBe(false);
    if (verb === 'run') expect(logEvents(run.stderr).filter((e) => e.msg === 'server started')).toEqual([]);
  });
});

describe('the same Secret without the fault', () => {
  const fine: BadCase = { name: 'valid', secret: () => secretOf(valid), file: 'tls.crt', says: '' };

  it('lets init write, and run start the server command (what the cases above prevent)', async () => {
    const { written, marker, env } = pod(fine);
    const init = agent(['init', '--hostname', 'zk-0'], env, false);
    expect(init.status, init.stderr).toBe(0);
    expect(existsSync(join(written, 'conf', 'tls', 'keystore.pem'))).toBe(true);
    const runEnv = { ...env, MARKER: marker, AGENT_PORT: String(await freePort()) };
    const run = agent(['run', '--hostname', 'zk-0', '--', 'sh', '-c', 'touch "$MARKER"'], runEnv, false);
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });
});
