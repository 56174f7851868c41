// The project explains itself: no file of it points at documents outside the repository or at how the
// work on it was organised (work-item numbers, goal labels, session notes). A reader outside cannot
// follow such a reference; the fact belongs in the file, or in docs/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../images/build/paths.ts';
import { projectFiles } from './project-files.ts';

const FORBIDDEN: readonly [RegExp, string][] = [
  [/\b(DESIGN|FACTS|STYLE)\.md\b/, 'a planning document outside the repository'],
  [/\.\.\/shared\b/, 'a folder outside the repository'],
  [/\bissues? #?\d+\b(?![-\w])/i, 'a work-item number'],
  [/\blast stop\b/i, 'a session note'],
  [/\bP[1-9]\b(?![-\w.])/, 'a goal label'],
  [/\bseed\b(?!s)(?![-_])/i, '"seed": say "the handbook" (docs/upgrading-from-the-handbook.md)'],
];

/** Upstream issue references ("strimzi #5263", "KAFKA-18979") stay; these files are not prose. */
const SKIP = [
  /^LICENSE$/,
  /^package-lock\.json$/,
  // Go's dependency lists name upstream modules (github.com/sean-/seed is one), not our words.
  /(^|\/)go\.(mod|sum)$/,
  /\.(jar|png|tgz)$/,
  /^test\/docs\/self-contained\.test\.ts$/,
];

describe('the project is self-contained', () => {
  const files = projectFiles().filter((file) => !SKIP.some((pattern) => pattern.test(file)));

  it('has files to read', () => expect(files.length).toBeGreaterThan(100));

  it('no file refers to documents outside the repository or to how the work was organised', () => {
    const found: string[] = [];
    for (const file of files) {
      const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
      lines.forEach((line, index) => {
        for (const [pattern, what] of FORBIDDEN) {
          if (pattern.test(line) && !allowed(file, line))
            found.push(`${file}:${index + 1}: ${what}: ${line.trim().slice(0, 120)}`);
        }
      });
    }
    expect(found).toEqual([]);
  });
});

/** Words that only look like the forbidden ones: fast-check's and random seeds. */
function allowed(_file: string, line: string): boolean {
  return /FC_SEED|fast-check's seed|\bseed\s*[:=(,}]|\{ seed\b|\$\{seed\}|random seed|\.seed\b/i.test(line);
}
