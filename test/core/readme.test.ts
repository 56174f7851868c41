import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSection } from '../readme/tables.ts';
import { readmeSections } from '../readme/sections.ts';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');
  for (const [name, expected] of Object.entries(readmeSections())) {
    it(`documents exactly what the code defines in section ${name} (npm run docs regenerates it)`, () => {
      expect(readSection(readme, name)).toBe(expected);
    });
  }
});
