// The split .ci/run makes when cold builds have used its time must still run every suite: each file of
// test/cluster belongs to exactly one half.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUITES } from './suites.ts';

describe('the halves of the real-cluster suites', () => {
  it('hold every *.cluster.ts file exactly once', () => {
    const files = readdirSync('test/cluster')
      .filter((file) => file.endsWith('.cluster.ts'))
      .map((file) => `test/cluster/${file}`);
    expect(Object.values(SUITES).flat().sort()).toEqual(files.sort());
  });
});
