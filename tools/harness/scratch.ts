// Per-run scratch directories under the git-ignored .tmp/: unique, so parallel runs and other
// engineers' tests never share a data dir.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './run-agent.ts';

export function scratchDir(prefix: string): string {
  const dir = join(
    REPO_ROOT,
    '.tmp',
    `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
  );
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Removes a scratch dir unless KEEP_TMP=1 (to read the servers' logs after a failure). */
export function removeScratchDir(dir: string): void {
  if (process.env.KEEP_TMP !== '1') rmSync(dir, { recursive: true, force: true });
}
