// Golden files for everything `kafka-agent init` writes (docs/design.md): each folder of test/golden/kafka/
// holds the inputs (`env`, `hostname`) and the expected server.properties, the log4j config of the Kafka
// the case implies, and `log.txt`, what the agent told the operator it interpreted (the handbook's
// KAFKA_BROKER_ID, an expanded $(hostname -f)). UPDATE_GOLDEN=1 rewrites the expected files.
//
// As for zk-agent, the bundle really writes: every path (the conf dir, KAFKA_LOG_DIRS, KAFKA_HOME) is
// moved under a fresh temp root and the root is cut out of what was written, so the goldens show the
// paths a pod gets. `@CASE@` in an env file is the case's folder (secret files live there).
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JMX_EXPORTER_RULES } from '../../agents/kafka/render/jmx-exporter-rules.ts';
import {
  ensureBuilt,
  logEvents,
  makeTempDir,
  parseEnvFile,
  REPO_ROOT,
  runAgent,
} from '../../tools/harness/run-agent.ts';

const GOLDEN_DIR = join(REPO_ROOT, 'test/golden/kafka');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const LOG4J_FILES = ['log4j.properties', 'log4j2.properties'];

const cases = readdirSync(GOLDEN_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function invocation(caseName: string, root: string) {
  const dir = join(GOLDEN_DIR, caseName);
  const env = parseEnvFile(readFileSync(join(dir, 'env'), 'utf8').replaceAll('@CASE@', dir));
  const hostname = readFileSync(join(dir, 'hostname'), 'utf8').trim();
  const confDir = `${root}/opt/kafka/config`;
  const logDirs = (env.KAFKA_LOG_DIRS ?? '/var/lib/kafka/data')
    .split(',')
    .map((path) => `${root}${path}`)
    .join(',');
  return {
    dir,
    confDir,
    env: { ...env, KAFKA_LOG_DIRS: logDirs, KAFKA_HOME: `${root}/opt/kafka` },
    args: ['init', '--hostname', hostname, '--conf-dir', confDir],
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

function runInit(caseName: string, root: string) {
  const { dir, confDir, env, args } = invocation(caseName, root);
  const run = runAgent('kafka-agent', args, { env });
  expect(run.status, run.stderr).toBe(0);
  const listing = readdirSync(confDir).sort();
  const files: Record<string, string> = {};
  for (const name of listing)
    files[name] = readFileSync(join(confDir, name), 'utf8').replaceAll(root, '').replaceAll(dir, '@CASE@');
  const log = logEvents(run.stderr)
    .map((event) => String(event.msg))
    .filter((msg) => msg !== 'configuration written');
  return { files, listing, log, stderr: run.stderr, confDir };
}

describe('kafka-agent init writes the golden files', () => {
  let temp: ReturnType<typeof makeTempDir> | undefined;
  beforeAll(() => ensureBuilt('kafka-agent'));
  afterEach(() => temp?.remove());

  it('has golden cases to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const caseName of cases) {
    it(`writes the expected files for ${caseName}, and the same bytes when run again`, () => {
      temp = makeTempDir('kafka-golden');
      const first = runInit(caseName, temp.path);
      const log4j = first.listing.filter((name) => LOG4J_FILES.includes(name));
      expect(first.listing).toEqual(['jmx-exporter.yaml', ...log4j, 'server.properties'].sort());
      expect(log4j).toHaveLength(1);
      expectGolden(caseName, 'server.properties', first.files['server.properties']);
      for (const name of LOG4J_FILES) expectGolden(caseName, name, first.files[name]);
      expectGolden(
        caseName,
        'log.txt',
        first.log.length > 0 ? first.log.map((line) => `${line}\n`).join('') : undefined,
      );
      expect(first.files['jmx-exporter.yaml']).toBe(JMX_EXPORTER_RULES);
      // server.properties may carry secrets: the broker's user reads it, nobody else.
      expect(statSync(join(first.confDir, 'server.properties')).mode & 0o777).toBe(0o600);

      const second = runInit(caseName, temp.path);
      expect(second.files).toEqual(first.files);
    });
  }

  it('never prints a secret from a _FILE: not in the log, not with --dry-run', () => {
    temp = makeTempDir('kafka-golden');
    const { env, args } = invocation('secrets-from-files', temp.path);
    const written = runInit('secrets-from-files', temp.path);
    expect(written.files['server.properties']).toContain('hunter2-s3cr3t');
    expect(written.stderr).not.toContain('s3cr3t');
    const dryRun = runAgent('kafka-agent', [...args, '--dry-run'], { env });
    expect(dryRun.status).toBe(0);
    expect(dryRun.stdout).toContain('ssl.keystore.password=<secret>');
    expect(dryRun.stdout + dryRun.stderr).not.toContain('s3cr3t');
  });

  it('prints with --dry-run the files init writes, and writes nothing', () => {
    temp = makeTempDir('kafka-golden');
    const { env, args } = invocation('kraft-combined-1', temp.path);
    const dryRun = runAgent('kafka-agent', [...args, '--dry-run'], { env });
    expect(dryRun.status).toBe(0);
    expect(readdirSync(temp.path)).toEqual([]);
    const golden = (name: string) => readFileSync(join(GOLDEN_DIR, 'kraft-combined-1', name), 'utf8');
    const out = dryRun.stdout.replaceAll(temp.path, '');
    expect(out).toContain(`==> /opt/kafka/config/server.properties <==\n${golden('server.properties')}`);
    expect(out).toContain(`==> /opt/kafka/config/log4j2.properties <==\n${golden('log4j2.properties')}`);
  });
});
