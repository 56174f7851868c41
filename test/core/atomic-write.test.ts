// writeFileAtomic promises that a crash at any point leaves the old file or the new one, never half of
// either. The crash is real: a child process writes through the same code and SIGKILLs itself between
// writing the temp file and the rename, the worst moment.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../agents/core/atomic-write.ts';
import { AgentError } from '../../agents/core/errors.ts';
import { makeTempDir, REPO_ROOT } from '../../tools/harness/run-agent.ts';

const OLD = '# the old zoo.cfg\nclientPort=2181\n';
const NEW = '# the new zoo.cfg\nclientPort=2182\n'.repeat(1000);

let temp: ReturnType<typeof makeTempDir>;
let target: string;
beforeEach(() => {
  temp = makeTempDir('atomic-write');
  target = join(temp.path, 'zoo.cfg');
  writeFileSync(target, OLD);
});
afterEach(() => {
  chmodSync(temp.path, 0o755);
  temp.remove();
});

const tempFiles = () => readdirSync(temp.path).filter((name) => name.endsWith('.tmp'));

/** Runs writeFileAtomic(target, NEW) in a child that SIGKILLs itself just before the rename. */
function crashMidWrite() {
  const moduleUrl = new URL('agents/core/atomic-write.ts', `file://${REPO_ROOT}`).href;
  const child = `
    import { writeFileAtomic } from ${JSON.stringify(moduleUrl)};
    writeFileAtomic({ path: process.env.TARGET, content: process.env.CONTENT }, () => process.kill(process.pid, 'SIGKILL'));
    console.log('survived the kill');
  `;
  return spawnSync(process.execPath, ['--input-type=module', '-e', child], {
    env: { TARGET: target, CONTENT: NEW },
    encoding: 'utf8',
  });
}

describe('writeFileAtomic', () => {
  it('replaces the file with exactly the new content', () => {
    writeFileAtomic({ path: target, content: NEW });
    expect(readFileSync(target, 'utf8')).toBe(NEW);
    expect(tempFiles()).toEqual([]);
  });

  it('creates missing directories and applies the mode', () => {
    const myid = join(temp.path, 'data', 'version-2', 'myid');
    writeFileAtomic({ path: myid, content: '1\n', mode: 0o600 });
    expect(readFileSync(myid, 'utf8')).toBe('1\n');
    expect(statSync(myid).mode & 0o777).toBe(0o600);
  });

  it('leaves the old file intact when the process is killed before the rename', () => {
    const child = crashMidWrite();
    expect(child.stderr).toBe('');
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).not.toContain('survived');
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    // The temp file was complete: the kill came at the worst moment, not before the write.
    const [stale, ...more] = tempFiles();
    expect(more).toEqual([]);
    expect(readFileSync(join(temp.path, stale!), 'utf8')).toBe(NEW);
  });

  it('writes correctly after a crash left a stale temp file behind', () => {
    crashMidWrite();
    const stale = tempFiles();
    writeFileAtomic({ path: target, content: 'after the restart\n' });
    expect(readFileSync(target, 'utf8')).toBe('after the restart\n');
    expect(tempFiles()).toEqual(stale);
  });

  it("reuses its own stale temp file (a restarted container's agent usually has the same pid)", () => {
    writeFileSync(join(temp.path, `.zoo.cfg.${process.pid}.tmp`), 'half a fi');
    writeFileAtomic({ path: target, content: NEW });
    expect(readFileSync(target, 'utf8')).toBe(NEW);
    expect(tempFiles()).toEqual([]);
  });

  it('keeps the old file and removes the temp file when a step fails', () => {
    const failing = () => {
      throw new Error('disk on fire');
    };
    expect(() => writeFileAtomic({ path: target, content: NEW }, failing)).toThrow(AgentError);
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    expect(tempFiles()).toEqual([]);
  });

  it('reports a failure as AGENT_ERR_FILE_WRITE naming the path and the cause', () => {
    const dirInTheWay = join(temp.path, 'conf');
    mkdirSync(join(dirInTheWay, 'not-empty'), { recursive: true });
    let error: unknown;
    try {
      writeFileAtomic({ path: dirInTheWay, content: NEW });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'AGENT_ERR_FILE_WRITE', exitCode: 1 });
    expect((error as Error).message).toContain(dirInTheWay);
    expect(readdirSync(dirInTheWay)).toEqual(['not-empty']);
    expect(tempFiles()).toEqual([]);
  });
});
