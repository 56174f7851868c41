// Config files are replaced atomically: write a temp file in the same directory, fsync it, rename it over
// the target, fsync the directory. A crash at any point leaves the old file or the new one, never half.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AgentError } from './errors.ts';

export interface FileToWrite {
  readonly path: string;
  readonly content: string;
  readonly mode?: number;
  /** What chooses the file's directory, named in the error when it cannot be written. */
  readonly setBy?: string;
}

/** Hook for the crash test: called after the temp file is written, before the rename. */
export type BeforeRename = (tempPath: string) => void;

export function writeFileAtomic(file: FileToWrite, beforeRename?: BeforeRename): void {
  const dir = dirname(file.path);
  const temp = join(dir, `.${basename(file.path)}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(temp, 'w', file.mode ?? 0o644);
    try {
      // writeFileSync on a descriptor loops until every byte is written; writeSync may write fewer.
      writeFileSync(fd, file.content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    beforeRename?.(temp);
    renameSync(temp, file.path);
    fsyncDirectory(dir);
  } catch (error) {
    removeQuietly(temp);
    if (error instanceof AgentError) throw error;
    throw new AgentError(
      'AGENT_ERR_FILE_WRITE',
      `cannot write ${file.path}: ${(error as Error).message}. ` +
        'Mount a writable volume there (the config dir may be an emptyDir)' +
        (file.setBy ? `, or choose another directory with ${file.setBy}.` : '.'),
    );
  }
}

/**
 * The temp file may never have existed, or its path be one the OS refuses (ENAMETOOLONG, ENOTDIR): `force`
 * ignores only ENOENT, and the cause worth reporting is the write's, not the clean-up's.
 */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing was created there, or nothing more can be done about it.
  }
}

/** Makes the rename itself durable: without it a power loss can forget that the new name exists. */
function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
