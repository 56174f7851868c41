// 10,000 generated pods through zk-agent's `init`, in-process (FC_SEED replays a run, FC_RUNS changes the
// count): each ends in a zoo.cfg that java.util.Properties reads back as exactly what the input asked
// for, or in exit 1 with an AGENT_ERR_* line naming the variable and nothing written.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { zkProgramSpec } from '../../agents/zk/program-spec.ts';
import { valid, type Setting } from './arbitraries.ts';
import { applySetting, changes, runInit, snapshot, type CaseDir } from './in-process-init.ts';
import { javaSuite } from './java-suite.ts';
import { assertInitProperty, outcomeOf, refusableNames, type InitOutcome } from './init-property.ts';
import { propertyDifferences, refusalProblems } from './outcome.ts';
import { ZK_NAMES, zkCase, type ZkCase, type ZkName } from './zk-cases.ts';
import { expectedZooCfg, zkIdentity, zkMustSucceed, zkView } from './zk-oracle.ts';

const suite = javaSuite('zk-property');

/** The case's settings as the pod sees them: a service link named like a variable is that variable. */
function settingsOf(c: ZkCase): Partial<Record<ZkName, Setting>> {
  const settings = { ...c.settings };
  for (const name of ZK_NAMES) {
    const noise = c.noise[name];
    if (settings[name] === undefined && noise !== undefined)
      settings[name] = { via: 'env', value: noise, valid: false };
  }
  // Without --conf-dir the files go to ZK_CONF_DIR, whose default is a real directory of this machine.
  if (!c.confDirFlag && settings.ZK_CONF_DIR === undefined)
    settings.ZK_CONF_DIR = { via: 'env', ...valid('{root}/zkconf') };
  return settings;
}

function writeMyid(c: ZkCase, dataDir: string, myid: number): void {
  if (c.myidOnDisk === 'none' || !Number.isSafeInteger(myid)) return;
  // init runs in this process: its temp file is .myid.<our pid>.tmp (agents/core/atomic-write.ts).
  const blocker = join(dataDir, `.myid.${process.pid}.tmp`);
  const content = {
    unwritable: '',
    same: `${myid}\n`,
    'same-zero-padded': `0${myid}\n`,
    other: `${myid + 1}\n`,
    empty: '',
    garbage: 'x\n',
  }[c.myidOnDisk];
  try {
    if (c.myidOnDisk === 'unwritable') mkdirSync(blocker, { recursive: true });
    else {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(join(dataDir, 'myid'), content);
    }
  } catch {
    // A data dir that cannot exist (a path through a file, a bad name): nothing to put there.
  }
}

async function check(c: ZkCase, dir: CaseDir): Promise<InitOutcome> {
  const settings = settingsOf(c);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.noise)) env[name] = dir.place(value);
  for (const name of ZK_NAMES) {
    delete env[name];
    const s = settings[name];
    if (s) applySetting(env, name, s, dir);
  }
  const view = zkView(settings, dir);
  const identity = zkIdentity(c.host.hostname, view);
  const dataDir = view.text('ZK_DATA_DIR');
  if (dataDir.startsWith(dir.root)) writeMyid(c, dataDir, identity.myid);
  const confDir = c.confDirFlag ? join(dir.root, 'conf') : view.text('ZK_CONF_DIR');
  const args = [`--hostname=${c.host.hostname}`, ...(c.confDirFlag ? [`--conf-dir=${confDir}`] : [])];

  const before = snapshot(dir);
  const run = await runInit(zkProgramSpec, env, args);
  const changed = changes(before, snapshot(dir));
  const mustSucceed = zkMustSucceed(c, settings, view);
  const problems: string[] = [];
  if (run.code === 0) {
    if (run.stderr !== '') problems.push(`exit 0 with stderr: ${run.stderr}`);
    const accepted = Object.entries(settings).filter(
      ([, s]) => s.via === 'both' || (s.via === 'file' && s.file.kind !== 'file'),
    );
    if (accepted.length > 0) problems.push(`accepted ${accepted.map(([name]) => name).join(', ')}`);
    const zooCfg = join(confDir, 'zoo.cfg');
    const parsed = await suite.java.read(zooCfg);
    if (!parsed.ok) problems.push(`java.util.Properties cannot read zoo.cfg: ${parsed.error}`);
    else problems.push(...propertyDifferences(parsed.properties, expectedZooCfg(c.host.hostname, view)));
    const myidPath = join(dataDir, 'myid');
    if (c.myidOnDisk === 'none') {
      if (readFileSync(myidPath, 'utf8') !== `${identity.myid}\n`)
        problems.push(`myid is not ${identity.myid}`);
    } else if (changed.some((path) => join(dir.root, path) === myidPath))
      problems.push('rewrote the myid on disk');
    const heap = view.text('ZK_HEAP_SIZE');
    if (!readFileSync(join(confDir, 'java.env'), 'utf8').includes(`-Xmx${heap} `))
      problems.push(`java.env without -Xmx${heap}`);
    const allowed = new Set([zooCfg, join(confDir, 'java.env'), join(confDir, 'logback.xml'), myidPath]);
    const stray = changed.filter((path) => !path.endsWith('/') && !allowed.has(join(dir.root, path)));
    if (stray.length > 0) problems.push(`wrote other files: ${stray.join(', ')}`);
  } else {
    problems.push(...refusalProblems(run, refusableNames(ZK_NAMES, env), changed));
    if (mustSucceed) problems.push('refused a valid pod');
  }
  return outcomeOf(run, problems);
}

describe('zk-agent init over generated pods', () => {
  it('writes a zoo.cfg ZooKeeper reads back as asked, or refuses naming the variable and writes nothing', async () => {
    await assertInitProperty('zk-agent init property', zkCase, suite.path, check);
  }, 300_000);
});
