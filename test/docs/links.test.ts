// Every relative link in the project's markdown resolves: the file exists and, for a link into a
// markdown page with `#anchor`, a heading of that page gives that anchor (GitHub's slugs).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../images/build/paths.ts';
import { projectFiles } from './project-files.ts';

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** The relative links of a markdown text, outside code. */
function links(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

const pages = projectFiles().filter((file) => file.endsWith('.md'));

describe('links in the docs', () => {
  it('finds the pages', () => {
    expect(pages).toContain('README.md');
    expect(pages).toContain('docs/deploying.md');
  });

  for (const page of pages) {
    it(`${page}: every relative link resolves`, () => {
      const text = readFileSync(join(REPO_ROOT, page), 'utf8');
      const broken: string[] = [];
      for (const link of links(text)) {
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target = path === '' ? join(REPO_ROOT, page) : join(REPO_ROOT, dirname(page), path);
        if (!existsSync(target)) {
          broken.push(`${link}: no ${relative(REPO_ROOT, target)}`);
          continue;
        }
        if (
          anchor !== undefined &&
          target.endsWith('.md') &&
          !anchors(readFileSync(target, 'utf8')).has(anchor)
        )
          broken.push(`${link}: no heading gives #${anchor}`);
      }
      expect(broken).toEqual([]);
    });
  }
});
