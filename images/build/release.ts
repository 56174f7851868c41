// What the images say about themselves (their OCI labels): the project's version and source from
// package.json, and the git revision they were built from, marked `-dirty` when the work tree had
// uncommitted changes (so a label never claims a commit the image does not match).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.ts';

export interface Release {
  readonly version: string;
  readonly revision: string;
  readonly source: string;
}

function git(args: readonly string[]): string | undefined {
  const result = spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

export function release(): Release {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
    repository?: { url?: string };
  };
  const head = git(['rev-parse', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--untracked-files=no']);
  return {
    version: pkg.version,
    revision: head === undefined ? 'unknown' : dirty ? `${head}-dirty` : head,
    source: (pkg.repository?.url ?? 'unknown').replace(/^git\+/, '').replace(/\.git$/, ''),
  };
}

/** The build args the Dockerfiles' final stage turns into labels. */
export function releaseBuildArgs(of: Release = release()): Record<string, string> {
  return { VERSION: of.version, REVISION: of.revision, SOURCE: of.source };
}
