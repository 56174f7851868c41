// Shrunk counterexamples the kafka-agent property test found, kept as explicit cases: each named after
// the behaviour that was broken, run in-process like the property.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kafkaProgramSpec } from '../../agents/kafka/program-spec.ts';
import { makeCaseDir, makeSuiteDir, runInit, snapshot, type CaseDir } from './in-process-init.ts';

let suite: ReturnType<typeof makeSuiteDir>;
let dir: CaseDir;
beforeAll(() => (suite = makeSuiteDir('kafka-regressions')));
afterAll(() => suite.remove());
beforeEach(() => (dir = makeCaseDir(suite.path)));
afterEach(() => dir.remove());

function init(env: Record<string, string>, hostname = 'kafka-0') {
  return runInit(
    kafkaProgramSpec,
    {
      KAFKA_ZOOKEEPER_CONNECT: 'zk-0.zk-hs:2181',
      AGENT_DOMAIN: 'kafka-hs.default.svc.cluster.local',
      KAFKA_HOME: join(dir.root, 'no-kafka'),
      KAFKA_LOG_DIRS: join(dir.root, 'data'),
      ...env,
    },
    [`--hostname=${hostname}`, `--conf-dir=${join(dir.root, 'conf')}`],
  );
}

describe('kafka-agent init names the variable when a log dir cannot be read', () => {
  it('names KAFKA_LOG_DIRS with a valid value when meta.properties is too long a path to open', async () => {
    const before = snapshot(dir);
    const run = await init({ KAFKA_LOG_DIRS: join(dir.root, 'a'.repeat(5000)) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^AGENT_ERR_FILE_READ: cannot read .*: check KAFKA_LOG_DIRS \(e\.g\. KAFKA_LOG_DIRS=\//,
    );
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('kafka-agent init never echoes a value read from a _FILE', () => {
  it('refuses a bad KAFKA_PROCESS_ROLES_FILE naming the variable and showing <secret>, not the content', async () => {
    const secret = join(dir.root, 'roles');
    writeFileSync(secret, 'hunter2-not-a-role\n');
    const run = await init({
      KAFKA_ZOOKEEPER_CONNECT: '',
      KAFKA_PROCESS_ROLES_FILE: secret,
      CLUSTER_ID: 'MkU3OEVBNTcwNTJENDM2Qk',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^AGENT_ERR_ENV_INVALID: KAFKA_PROCESS_ROLES=<secret> must be/);
    expect(run.stderr).not.toContain('hunter2');
  });

  it('refuses bad KAFKA_LISTENERS_FILE and KAFKA_LOG_DIRS_FILE contents without showing them', async () => {
    writeFileSync(join(dir.root, 'listeners'), 'hunter2://nope');
    expect((await init({ KAFKA_LISTENERS_FILE: join(dir.root, 'listeners') })).stderr).toMatch(
      /^AGENT_ERR_ENV_INVALID: KAFKA_LISTENERS=<secret> has an item that is not NAME:\/\/host:port \(e\.g\./,
    );
    writeFileSync(join(dir.root, 'dirs'), 'hunter2');
    const run = await init({ KAFKA_LOG_DIRS: '', KAFKA_LOG_DIRS_FILE: join(dir.root, 'dirs') });
    expect(run.stderr).toMatch(/^AGENT_ERR_ENV_INVALID: KAFKA_LOG_DIRS=<secret> must be absolute paths/);
    expect(run.stderr).not.toContain('hunter2');
  });
});

describe('kafka-agent init keeps one line per problem', () => {
  it('quotes a _FILE path holding a line break, so the problem stays on its line with its variable', async () => {
    const run = await init({ KAFKA_LISTENERS_FILE: '!\n!', KAFKA_NUM_IO_THREADS_FILE: '/no\n/such' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'AGENT_ERR_ENV_INVALID: 2 problems:\n' +
        '  - KAFKA_LISTENERS_FILE="!\\n!": cannot read it (ENOENT)\n' +
        '  - KAFKA_NUM_IO_THREADS_FILE="/no\\n/such": cannot read it (ENOENT)\n',
    );
  });
});

describe('kafka-agent init refuses two variables for one property', () => {
  it('names both when KAFKA_NUM_IO_THREADS and KAFKA_num_io_threads set num.io.threads', async () => {
    const before = snapshot(dir);
    const run = await init({ KAFKA_NUM_IO_THREADS: '8', KAFKA_num_io_threads: '16' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'AGENT_ERR_ENV_INVALID: KAFKA_NUM_IO_THREADS and KAFKA_num_io_threads both set the broker property num.io.threads: keep one (e.g. KAFKA_NUM_IO_THREADS=value)\n',
    );
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('kafka-agent init treats a blank KAFKA_*_FILE as unset, like a blank KAFKA_*=', () => {
  // Seen: an empty Secret wrote `ssl.key.password=` and `log.retention.hours=`, keys the operator gave
  // no value for; the oracle copied the agent and let it through.
  for (const [label, content] of [
    ['empty', ''],
    ['a newline', '\n'],
    ['spaces and CRLF', '  \r\n'],
    ['whitespace lines', ' \n\t\n'],
  ] as const) {
    it(`writes no key for a _FILE holding ${label}: the same server.properties as without it`, async () => {
      const serverProperties = () => readFileSync(join(dir.root, 'conf', 'server.properties'), 'utf8');
      expect((await init({})).code).toBe(0);
      const without = serverProperties();
      for (const name of ['password', 'hours']) writeFileSync(join(dir.root, name), content);
      const run = await init({
        KAFKA_SSL_KEY_PASSWORD_FILE: join(dir.root, 'password'),
        KAFKA_LOG_RETENTION_HOURS_FILE: join(dir.root, 'hours'),
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(serverProperties()).toBe(without);
    });
  }
});
