// The project's own files: what git tracks, plus new files not yet added (so a check sees a change
// before it is committed), without what .gitignore keeps out.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../images/build/paths.ts';

export function projectFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return listed
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(REPO_ROOT, file)))
    .sort();
}
