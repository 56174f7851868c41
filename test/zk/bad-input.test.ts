// Bad inputs to `zk-agent init`, run against the built bundle with a clean environment, as a pod would:
// each must exit 1 (2 for usage), say what is wrong in words an operator can act on (the variable and a
// valid value), print no stack trace, and write nothing at all (exit 1: bad config, nothing written).
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  hasStackTrace,
  loggedWarnings,
  makeTempDir,
  runAgent,
  type AgentRun,
} from '../../tools/harness/run-agent.ts';

const DOMAIN = 'zk-svc.default.svc.cluster.local';

let temp: ReturnType<typeof makeTempDir>;
/** Everything init may write goes below here; a refused init must not even create it. */
let podDir: string;
let confDir: string;
let dataDir: string;

beforeAll(() => ensureBuilt('zk-agent'));
beforeEach(() => {
  temp = makeTempDir('zk-bad-input');
  podDir = join(temp.path, 'pod');
  confDir = join(podDir, 'conf');
  dataDir = join(podDir, 'data');
});
afterEach(() => temp.remove());

/** `init` with the case's env; ZK_DATA_DIR and the conf dir point into the temp dir unless the case says. */
function init(hostname: string, env: Record<string, string>, extraArgs: string[] = []): AgentRun {
  return runAgent('zk-agent', ['init', '--hostname', hostname, '--conf-dir', confDir, ...extraArgs], {
    env: { ZK_DATA_DIR: dataDir, ZK_DATA_LOG_DIR: join(podDir, 'log'), ...env },
  });
}

function expectRefused(run: AgentRun, ...fragments: string[]) {
  expect(run.stdout).toBe('');
  for (const fragment of fragments) expect(run.stderr).toContain(fragment);
  expect(hasStackTrace(run.stderr), run.stderr).toBe(false);
  expect(run.status, run.stderr).toBe(1);
  // Nothing written: neither the conf dir nor the data dir was even created.
  expect(existsSync(podDir)).toBe(false);
}

const valid = { ZK_REPLICAS: '3', AGENT_DOMAIN: DOMAIN };

describe('zk-agent init refuses a pod identity it cannot derive', () => {
  it('refuses a hostname without an ordinal and says how to give one', () => {
    const run = init('zookeeper', valid);
    expectRefused(run, 'AGENT_ERR_IDENTITY_HOSTNAME', '"zookeeper"', '--hostname zk-0', 'POD_INDEX');
  });

  it('refuses a hostname whose ordinal is not a number', () => {
    expectRefused(init('zk-a', valid), 'AGENT_ERR_IDENTITY_HOSTNAME', '"zk-a"', 'e.g. zk-0');
  });

  it('refuses an ordinal outside the ensemble of ZK_REPLICAS', () => {
    const run = init('zk-3', valid);
    expectRefused(run, 'AGENT_ERR_IDENTITY_RANGE', 'ordinal 3', 'ZK_REPLICAS=3', 'e.g. ZK_REPLICAS=3');
  });

  it('refuses a POD_INDEX outside the ensemble', () => {
    expectRefused(init('zookeeper', { ...valid, POD_INDEX: '5' }), 'AGENT_ERR_IDENTITY_RANGE', 'ordinal 5');
  });

  it('refuses an AGENT_ID_OFFSET that gives a myid of 0', () => {
    const run = init('zk-0', { ...valid, AGENT_ID_OFFSET: '0' });
    expectRefused(run, 'AGENT_ERR_IDENTITY_RANGE', 'from 0 to 2', '1..255', 'e.g. AGENT_ID_OFFSET=1');
  });

  it('refuses an AGENT_ID_OFFSET that gives a myid above 255', () => {
    const run = init('zk-0', { ...valid, AGENT_ID_OFFSET: '254' });
    expectRefused(run, 'AGENT_ERR_IDENTITY_RANGE', 'from 254 to 256', 'e.g. AGENT_ID_OFFSET=1');
  });

  it('refuses an ensemble without a domain for the server list, naming AGENT_DOMAIN', () => {
    const run = init('zk-0', { ZK_REPLICAS: '3' });
    expectRefused(run, 'AGENT_ERR_IDENTITY_DOMAIN', 'e.g. AGENT_DOMAIN=');
  });

  it('refuses a POD_INDEX that disagrees with the hostname, naming both and how to set it', () => {
    const run = init('zk-2', { ...valid, POD_INDEX: '0' });
    expectRefused(
      run,
      'AGENT_ERR_IDENTITY_POD_INDEX',
      'POD_INDEX=0',
      '"zk-2"',
      'ordinal is 2',
      "metadata.labels['apps.kubernetes.io/pod-index']",
      'remove it',
    );
  });

  it('refuses POD_INDEX with a hostname without an ordinal when peers need the StatefulSet name', () => {
    const run = init('zookeeper', { ...valid, POD_INDEX: '0' });
    expectRefused(
      run,
      'AGENT_ERR_IDENTITY_HOSTNAME',
      '"zookeeper" has no StatefulSet ordinal',
      'ZK_REPLICAS=3',
      'cannot be derived',
      'e.g. zk-0',
    );
  });

  it('refuses a --hostname that would break a config line, even with POD_INDEX set', () => {
    const run = init('zk\nserver.9=evil:1:2-0', { ...valid, POD_INDEX: '0' });
    expectRefused(run, 'AGENT_ERR_IDENTITY_HOSTNAME', 'not a valid host name');
  });
});

describe('zk-agent init refuses bad values, naming the variable and a valid value', () => {
  const cases: { name: string; env: Record<string, string>; says: string[] }[] = [
    { name: 'a missing ZK_REPLICAS', env: { AGENT_DOMAIN: DOMAIN }, says: ['ZK_REPLICAS is required'] },
    { name: 'a blank ZK_REPLICAS', env: { ...valid, ZK_REPLICAS: '' }, says: ['ZK_REPLICAS is required'] },
    { name: 'ZK_REPLICAS=0', env: { ...valid, ZK_REPLICAS: '0' }, says: ['ZK_REPLICAS="0" must be from 1'] },
    { name: 'a negative ZK_REPLICAS', env: { ...valid, ZK_REPLICAS: '-3' }, says: ['ZK_REPLICAS="-3"'] },
    {
      name: 'a non-numeric ZK_TICK_TIME',
      env: { ...valid, ZK_TICK_TIME: '2s' },
      says: ['ZK_TICK_TIME="2s"'],
    },
    { name: 'a fractional ZK_INIT_LIMIT', env: { ...valid, ZK_INIT_LIMIT: '1.5' }, says: ['ZK_INIT_LIMIT='] },
    {
      name: 'a ZK_SNAP_RETAIN_COUNT below what ZooKeeper keeps',
      env: { ...valid, ZK_SNAP_RETAIN_COUNT: '1' },
      says: ['ZK_SNAP_RETAIN_COUNT="1" must be from 3'],
    },
    {
      name: 'a ZK_CLIENT_PORT above 65535',
      env: { ...valid, ZK_CLIENT_PORT: '70000' },
      says: ['ZK_CLIENT_PORT="70000" must be from 1 to 65535'],
    },
    {
      name: 'a non-numeric ZK_ELECTION_PORT',
      env: { ...valid, ZK_ELECTION_PORT: 'election' },
      says: ['ZK_ELECTION_PORT="election"'],
    },
    { name: 'AGENT_PORT=0', env: { ...valid, AGENT_PORT: '0' }, says: ['AGENT_PORT="0"'] },
    {
      name: 'an unknown ZK_LOG_LEVEL',
      env: { ...valid, ZK_LOG_LEVEL: 'VERBOSE' },
      says: ['ZK_LOG_LEVEL="VERBOSE" must be one of TRACE, DEBUG, INFO'],
    },
    {
      name: 'a relative ZK_DATA_DIR',
      env: { ...valid, ZK_DATA_DIR: 'data' },
      says: ['ZK_DATA_DIR="data" must be an absolute path'],
    },
    {
      name: 'a ZK_HEAP_SIZE the JVM would not take',
      env: { ...valid, ZK_HEAP_SIZE: '2 GB' },
      says: ['ZK_HEAP_SIZE="2 GB"'],
    },
    {
      name: 'a ZK_4LW_WHITELIST word that is not a four-letter word',
      env: { ...valid, ZK_4LW_WHITELIST: 'stat,dump_all' },
      says: ['ZK_4LW_WHITELIST=', '"dump_all"'],
    },
    {
      name: 'ZK_CFG_EXTRA setting clientPort, which the agent manages',
      env: { ...valid, ZK_CFG_EXTRA: 'clientPort=2182' },
      says: ['ZK_CFG_EXTRA=', 'sets clientPort', 'use ZK_CLIENT_PORT'],
    },
    {
      name: 'ZK_CFG_EXTRA adding a server line',
      env: { ...valid, ZK_CFG_EXTRA: 'server.4=evil.example.com:2888:3888' },
      says: ['ZK_CFG_EXTRA=', 'sets server.4', 'use ZK_REPLICAS'],
    },
    {
      name: 'ZK_CFG_EXTRA setting one key twice',
      env: { ...valid, ZK_CFG_EXTRA: 'snapCount=1 snapCount=2' },
      says: ['ZK_CFG_EXTRA=', 'sets snapCount twice'],
    },
  ];
  for (const { name, env, says } of cases) {
    it(`refuses ${name}`, () => {
      const run = init('zk-0', env);
      const variable = /^([A-Z0-9_]+)/.exec(says[0]!)![1]!;
      expectRefused(run, 'AGENT_ERR_ENV_INVALID', ...says, `(e.g. ${variable}=`);
    });
  }

  it('refuses session timeouts in the wrong order, naming both variables', () => {
    const run = init('zk-0', { ...valid, ZK_MIN_SESSION_TIMEOUT: '50000', ZK_MAX_SESSION_TIMEOUT: '40000' });
    expectRefused(
      run,
      'ZK_MIN_SESSION_TIMEOUT=50000',
      'ZK_MAX_SESSION_TIMEOUT=40000',
      'e.g. ZK_MIN_SESSION_TIMEOUT=',
    );
  });

  it('reports every bad variable at once, one line each', () => {
    const run = init('zk-0', { AGENT_DOMAIN: DOMAIN, ZK_TICK_TIME: 'abc', ZK_CLIENT_PORT: '0' });
    expectRefused(run, 'AGENT_ERR_ENV_INVALID: 3 problems:');
    const problems = run.stderr.split('\n').filter((line) => line.startsWith('  - '));
    expect(problems.map((line) => /^ {2}- ([A-Z0-9_]+)/.exec(line)?.[1])).toEqual([
      'ZK_REPLICAS',
      'ZK_TICK_TIME',
      'ZK_CLIENT_PORT',
    ]);
  });

  it('never echoes a value read from a <VAR>_FILE secret', () => {
    const secret = join(temp.path, 'zk-replicas');
    writeFileSync(secret, 'hunter2-not-a-number\n');
    const run = init('zk-0', { AGENT_DOMAIN: DOMAIN, ZK_REPLICAS_FILE: secret });
    expectRefused(run, 'ZK_REPLICAS=', secret, 'e.g. ZK_REPLICAS=3');
    expect(run.stderr).not.toContain('hunter2');
  });

  it('refuses a required variable whose <VAR>_FILE is empty, naming the file', () => {
    const secret = join(temp.path, 'zk-replicas');
    writeFileSync(secret, '\n');
    expectRefused(
      init('zk-0', { AGENT_DOMAIN: DOMAIN, ZK_REPLICAS_FILE: secret }),
      `ZK_REPLICAS_FILE=${secret} is empty and ZK_REPLICAS is required`,
      'e.g. ZK_REPLICAS=3',
    );
  });
});

describe('zk-agent init never lets a value add a line to zoo.cfg', () => {
  const injected = '\nserver.9=evil.example.com:2888:3888';
  for (const variable of ['ZK_DATA_DIR', 'ZK_DATA_LOG_DIR', 'ZK_CFG_EXTRA', 'AGENT_DOMAIN', 'ZK_HEAP_SIZE']) {
    it(`refuses ${variable} carrying a line break, also with --dry-run`, () => {
      const base: Record<string, string> = {
        ...valid,
        ZK_DATA_DIR: dataDir,
        ZK_CFG_EXTRA: 'snapCount=100000',
        ZK_HEAP_SIZE: '1G',
      };
      const env = { ...base, [variable]: `${base[variable] ?? '/var/lib/zookeeper/log'}${injected}` };
      const run = init('zk-0', env);
      expectRefused(run, `${variable}=`, 'line break', `(e.g. ${variable}=`);
      const dryRun = init('zk-0', env, ['--dry-run']);
      expect(dryRun.status).toBe(1);
      expect(dryRun.stdout).not.toContain('server.9');
    });
  }
});

describe('zk-agent init never overwrites a myid that disagrees', () => {
  const PAST = new Date('2024-01-02T03:04:05Z');

  it('leaves a foreign myid untouched and names both ids and the path', () => {
    mkdirSync(dataDir, { recursive: true });
    const myid = join(dataDir, 'myid');
    writeFileSync(myid, '7\n');
    const past = new Date('2024-01-02T03:04:05Z');
    utimesSync(myid, past, past);

    const run = init('zk-1', valid);

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('AGENT_ERR_IDENTITY_MISMATCH');
    expect(run.stderr).toContain(myid);
    expect(run.stderr).toContain('myid "7"');
    expect(run.stderr).toContain('myid 2');
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(readFileSync(myid, 'utf8')).toBe('7\n');
    expect(statSync(myid).mtimeMs).toBe(past.getTime());
    expect(readdirSync(dataDir)).toEqual(['myid']);
    expect(existsSync(confDir)).toBe(false);
  });

  /** A myid file with an old mtime, so that any write to it would show. */
  function writeOldMyid(content: string): string {
    mkdirSync(dataDir, { recursive: true });
    const myid = join(dataDir, 'myid');
    writeFileSync(myid, content);
    utimesSync(myid, PAST, PAST);
    return myid;
  }

  function expectUntouched(myid: string, content: string) {
    expect(readFileSync(myid, 'utf8')).toBe(content);
    expect(statSync(myid).mtimeMs).toBe(PAST.getTime());
  }

  it('refuses an empty myid, saying it is empty and what to do, and leaves it untouched', () => {
    const myid = writeOldMyid('');
    const run = init('zk-1', valid);
    expect(run.status, run.stderr).toBe(1);
    for (const fragment of [
      'AGENT_ERR_IDENTITY_MISMATCH',
      `${myid} is empty`,
      'interrupted write or by another tool',
      'nothing was changed',
      'this pod is myid 2',
      'remove the empty file if the volume is new',
    ]) {
      expect(run.stderr).toContain(fragment);
    }
    expect(run.stderr).not.toContain('belongs to another server');
    expect(hasStackTrace(run.stderr)).toBe(false);
    expectUntouched(myid, '');
    expect(existsSync(confDir)).toBe(false);
  });

  it('accepts a myid with a leading zero ("02" is myid 2) and leaves the file as it is', () => {
    const myid = writeOldMyid('02\n');
    const run = init('zk-1', valid);
    expect(run.status, run.stderr).toBe(0);
    expectUntouched(myid, '02\n');
    expect(existsSync(join(confDir, 'zoo.cfg'))).toBe(true);
  });

  it('refuses a myid that is not digits only, leaving it untouched', () => {
    const myid = writeOldMyid('+2\n');
    const run = init('zk-1', valid);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain('AGENT_ERR_IDENTITY_MISMATCH');
    expect(run.stderr).toContain(`${myid} says myid "+2"`);
    expect(run.stderr).toContain('not a myid (digits only)');
    expectUntouched(myid, '+2\n');
    expect(existsSync(confDir)).toBe(false);
  });

  it('accepts a myid that agrees (a restarted pod)', () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'myid'), '2\n');
    expect(init('zk-1', valid).status).toBe(0);
  });
});

describe('zk-agent init on a volume with ZooKeeper data but no myid', () => {
  it('writes myid and warns that the volume is unusual, naming the myid it continues with', () => {
    mkdirSync(join(dataDir, 'version-2'), { recursive: true });
    writeFileSync(join(dataDir, 'version-2', 'snapshot.0'), '');
    const run = init('zk-1', valid);
    expect(run.status, run.stderr).toBe(0);
    const warnings = loggedWarnings(run.stderr);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${dataDir} holds ZooKeeper data (version-2/) but no myid`);
    expect(warnings[0]).toContain('restored from a backup?');
    expect(warnings[0]).toContain('Continuing with myid 2');
    expect(warnings[0]).toContain(`into ${join(dataDir, 'myid')}`);
    expect(readFileSync(join(dataDir, 'myid'), 'utf8')).toBe('2\n');

    // The restarted pod finds its own myid next to the data: nothing unusual any more.
    const again = init('zk-1', valid);
    expect(again.status, again.stderr).toBe(0);
    expect(loggedWarnings(again.stderr)).toEqual([]);
  });
});

describe('zk-agent usage errors exit 2', () => {
  const usage: [string, string[]][] = [
    ['an unknown flag', ['init', '--frobnicate']],
    ['a flag without its value', ['init', '--hostname']],
    ['an unknown verb', ['frobnicate']],
    ['no verb at all', []],
    ['a --timeout that is not a number', ['ok', '--timeout', 'soon']],
  ];
  for (const [name, args] of usage) {
    it(`exits 2 on ${name}, without a stack trace`, () => {
      const run = runAgent('zk-agent', args, { env: valid });
      expect(run.status).toBe(2);
      expect(run.stderr).not.toBe('');
      expect(hasStackTrace(run.stderr)).toBe(false);
    });
  }

  it('says how to write --timeout when it is not a number', () => {
    const run = runAgent('zk-agent', ['ok', '--timeout', 'soon'], { env: valid });
    expect(run.stderr).toContain('e.g. --timeout 1000');
  });

  it('exits 0 on --help', () => {
    const run = runAgent('zk-agent', ['init', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--conf-dir');
  });
});
