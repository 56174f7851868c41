// Shrunk counterexamples the zk-agent property test found, kept as explicit cases: each named after the
// behaviour that was broken, run in-process like the property and read back with java.util.Properties.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zkProgramSpec } from '../../agents/zk/program-spec.ts';
import { makeCaseDir, runInit, snapshot, type CaseDir } from './in-process-init.ts';
import { javaSuite } from './java-suite.ts';

const suite = javaSuite('zk-regressions');
let dir: CaseDir;
beforeEach(() => (dir = makeCaseDir(suite.path)));
afterEach(() => dir.remove());

function init(env: Record<string, string>, hostname = 'zk-0') {
  const conf = join(dir.root, 'conf');
  return runInit(zkProgramSpec, { ZK_REPLICAS: '1', ZK_DATA_DIR: join(dir.root, 'data'), ...env }, [
    `--hostname=${hostname}`,
    `--conf-dir=${conf}`,
  ]);
}

async function zooCfg(): Promise<Record<string, string>> {
  const parsed = await suite.java.read(join(dir.root, 'conf', 'zoo.cfg'));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.properties;
}

describe('zk-agent init keeps ZK_CFG_EXTRA values as written', () => {
  it('passes a value holding U+2028 or U+2029 through, as Java reads them as text', async () => {
    const run = await init({ ZK_CFG_EXTRA: 'a==\u2028= b=x\u2029y' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const cfg = await zooCfg();
    expect(cfg.a).toBe('=\u2028=');
    expect(cfg.b).toBe('x\u2029y');
  });
});

describe('zk-agent init refuses without writing anything', () => {
  it('leaves the conf dir alone when ZK_CFG_EXTRA has an item without a value', async () => {
    const before = snapshot(dir);
    const run = await init({ ZK_CFG_EXTRA: 'snapCount=1 a=' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^AGENT_ERR_ENV_INVALID: ZK_CFG_EXTRA=.*\(e\.g\. ZK_CFG_EXTRA=/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('zk-agent init names the variable when the data dir cannot be read', () => {
  it('names ZK_DATA_DIR with a valid value when its myid path is too long to open', async () => {
    const run = await init({ ZK_DATA_DIR: join(dir.root, 'a'.repeat(5000)) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^AGENT_ERR_FILE_READ: cannot read .*: check ZK_DATA_DIR \(e\.g\. ZK_DATA_DIR=\//,
    );
  });
});

describe('zk-agent init refuses a conf dir it cannot write without a stack trace', () => {
  it('says AGENT_ERR_FILE_WRITE and names ZK_CONF_DIR when the path is too long to create', async () => {
    const run = await runInit(
      zkProgramSpec,
      {
        ZK_REPLICAS: '1',
        ZK_DATA_DIR: join(dir.root, 'data'),
        ZK_CONF_DIR: join(dir.root, 'a'.repeat(300), 'conf'),
      },
      ['--hostname=zk-0'],
    );
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/unexpected failure|^\s{4}at /m);
    expect(run.stderr).toMatch(/^AGENT_ERR_FILE_WRITE: cannot write .*ZK_CONF_DIR or --conf-dir/);
  });
});

describe('zk-agent init writes all its files or none', () => {
  it('leaves the conf dir untouched when the data dir refuses the myid', async () => {
    // A directory where init's temp file goes: how a read-only or full volume looks to init.
    mkdirSync(join(dir.root, 'data', `.myid.${process.pid}.tmp`), { recursive: true });
    const before = snapshot(dir);
    const run = await init({});
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^AGENT_ERR_FILE_WRITE: cannot write .*myid.*ZK_DATA_DIR/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('zk-agent init keeps one line per problem', () => {
  it('quotes a _FILE path holding a line break, so the problem stays on its line with its variable', async () => {
    const run = await init({ ZK_TICK_TIME_FILE: '/no\n/such' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'AGENT_ERR_ENV_INVALID: ZK_TICK_TIME_FILE="/no\\n/such": cannot read it (ENOENT)\n',
    );
  });
});
