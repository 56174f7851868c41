// Golden files for everything `zk-agent init` writes (docs/design.md): each folder of test/golden/zk/ holds
// the inputs (`env`, `hostname`) and the expected zoo.cfg, java.env, logback.xml, myid and, when the case
// warns, warnings.txt. A reviewer reads the golden diff to see what changed for users.
// UPDATE_GOLDEN=1 rewrites the expected files from what the agent writes now.
//
// The cases run the built bundle and let it really write, because that is what a pod does. To keep the
// goldens free of temp paths, every path variable is moved under a fresh temp root (ZK_DATA_DIR=/x becomes
// <root>/x, the conf dir is passed as `--conf-dir <root>/opt/zookeeper/conf`) and the root is cut out of
// what was written: the goldens show exactly the paths a pod gets. (`--dry-run` would avoid the temp root
// but not exercise the writes, and its myid check would read the machine's /var/lib/zookeeper.)
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { zkVariables } from '../../agents/zk/settings.ts';
import {
  ensureBuilt,
  loggedWarnings,
  makeTempDir,
  parseEnvFile,
  REPO_ROOT,
  runAgent,
} from '../../tools/harness/run-agent.ts';

const GOLDEN_DIR = join(REPO_ROOT, 'test/golden/zk');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const CONF_FILES = ['zoo.cfg', 'java.env', 'logback.xml'] as const;
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
}

function pathUnder(root: string, env: Record<string, string>, name: PathVariable) {
  const value = env[name]?.trim() || zkVariables[name].doc.defaultText!;
  return `${root}${value}`;
}

/** The case's `init` command line and environment, with every path moved under `root`. */
function invocation(caseName: string, root: string) {
  const dir = join(GOLDEN_DIR, caseName);
  const env = parseEnvFile(readFileSync(join(dir, 'env'), 'utf8'));
  const hostname = readFileSync(join(dir, 'hostname'), 'utf8').trim();
  const confDir = pathUnder(root, env, 'ZK_CONF_DIR');
  const dataDir = pathUnder(root, env, 'ZK_DATA_DIR');
  return {
    confDir,
    dataDir,
    args: ['init', '--hostname', hostname, '--conf-dir', confDir],
    env: { ...env, ZK_DATA_DIR: dataDir, ZK_DATA_LOG_DIR: pathUnder(root, env, 'ZK_DATA_LOG_DIR') },
  };
}

function runInit(caseName: string, root: string): InitResult {
  const { confDir, dataDir, args, env } = invocation(caseName, root);
  const run = runAgent('zk-agent', args, { env });
  expect(run.stderr.split('\n').filter((line) => !line.startsWith('{') && line !== '')).toEqual([]);
  expect(run.status).toBe(0);
  const files: Record<string, string> = {};
  for (const name of CONF_FILES) files[name] = readFileSync(join(confDir, name), 'utf8').replaceAll(root, '');
  files.myid = readFileSync(join(dataDir, 'myid'), 'utf8');
  return { files, warnings: loggedWarnings(run.stderr), confDirListing: readdirSync(confDir).sort() };
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
      expect(first.confDirListing).toEqual([...CONF_FILES].sort());

      // Idempotence: a restarted pod runs init again over its own files and must get the same bytes.
      const second = runInit(caseName, temp.path);
      expect(second.files).toEqual(first.files);
      expect(second.confDirListing).toEqual(first.confDirListing);
    });
  }

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
