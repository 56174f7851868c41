// The mntr → series table of docs/probes-and-metrics.md is what dashboards migrate by: it must name
// exactly the series the collectors produce for the recorded servers (test/golden/metrics/*.prom), no
// more and no fewer.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const GOLDEN_DIR = 'test/golden/metrics';

function goldenSeries(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(GOLDEN_DIR).filter((name) => name.endsWith('.prom'))) {
    for (const match of readFileSync(join(GOLDEN_DIR, file), 'utf8').matchAll(/^# TYPE (\S+)/gm))
      names.add(match[1]!);
  }
  return names;
}

function documentedSeries(): { names: Set<string>; prefixes: string[] } {
  const page = readFileSync('docs/probes-and-metrics.md', 'utf8');
  const section = page.slice(page.indexOf('\n## zk-agent'), page.indexOf('\n## kafka-agent'));
  // Table rows only: the prose gives examples of the naming rules, not promises.
  const metrics = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .join('\n');
  const names = new Set<string>();
  const prefixes: string[] = [];
  for (const match of metrics.matchAll(/`((?:zookeeper|zk_agent)_[a-z0-9_]*)(\*?)/g)) {
    if (match[2]) prefixes.push(match[1]!);
    else names.add(match[1]!);
  }
  return { names, prefixes };
}

describe('README metrics table', () => {
  const golden = goldenSeries();
  const { names, prefixes } = documentedSeries();

  it('documents every series the collectors produce for the recorded servers', () => {
    const undocumented = [...golden].filter(
      (name) => !names.has(name) && !prefixes.some((p) => name.startsWith(p)),
    );
    expect(undocumented).toEqual([]);
  });

  it('names no series that the collectors do not produce', () => {
    const phantom = [...names].filter(
      (name) => !golden.has(name) && name !== 'zookeeper_' && !name.endsWith('_'),
    );
    expect(phantom).toEqual([]);
  });
});
