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
  commit(file, stage(file, []), beforeRename);
}

/**
 * Several files, all or none: every temp file is written and fsynced before the first rename, so a
 * volume that refuses one file (read-only, full) leaves every target as it was, and the directories
 * this call created are removed again. `init` promises "nothing written" on failure; writing one file
 * after another broke it when the data dir failed after the conf dir had its new files.
 */
export function writeFilesAtomic(files: readonly FileToWrite[]): void {
  const created: string[] = [];
  const staged: { file: FileToWrite; temp: string }[] = [];
  try {
    for (const file of files) staged.push({ file, temp: stage(file, created) });
  } catch (error) {
    for (const { temp } of staged) removeQuietly(temp);
    // Only what this call created: nothing else was there, so nothing else is removed.
    for (const dir of created.reverse()) removeQuietly(dir, true);
    throw error;
  }
  for (const { file, temp } of staged) commit(file, temp);
}

/** Writes the file's content to its temp file (creating the directory); returns the temp path. */
function stage(file: FileToWrite, created: string[]): string {
  const dir = dirname(file.path);
  const temp = join(dir, `.${basename(file.path)}.${process.pid}.tmp`);
  try {
    // The first directory it had to create, if any: what a failed writeFilesAtomic removes.
    const first = mkdirSync(dir, { recursive: true });
    if (first !== undefined) created.push(first);
    const fd = openSync(temp, 'w', file.mode ?? 0o644);
    try {
      // writeFileSync on a descriptor loops until every byte is written; writeSync may write fewer.
      writeFileSync(fd, file.content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return temp;
  } catch (error) {
    removeQuietly(temp);
    throw writeError(file, error);
  }
}

function commit(file: FileToWrite, temp: string, beforeRename?: BeforeRename): void {
  try {
    beforeRename?.(temp);
    renameSync(temp, file.path);
    fsyncDirectory(dirname(file.path));
  } catch (error) {
    removeQuietly(temp);
    throw writeError(file, error);
  }
}

function writeError(file: FileToWrite, error: unknown): AgentError {
  if (error instanceof AgentError) return error;
  return new AgentError(
    'AGENT_ERR_FILE_WRITE',
    `cannot write ${file.path}: ${(error as Error).message}. ` +
      'Mount a writable volume there (the config dir may be an emptyDir)' +
      (file.setBy ? `, or choose another directory with ${file.setBy}.` : '.'),
  );
}

/**
 * The temp file may never have existed, or its path be one the OS refuses (ENAMETOOLONG, ENOTDIR): `force`
 * ignores only ENOENT, and the cause worth reporting is the write's, not the clean-up's.
 */
function removeQuietly(path: string, recursive = false): void {
  try {
    rmSync(path, { force: true, recursive });
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
