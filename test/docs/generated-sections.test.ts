import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSection } from '../../tools/docs/tables.ts';
import { generatedSections } from '../../tools/docs/sections.ts';

describe('generated sections of the docs', () => {
  for (const { page, name, content } of generatedSections()) {
    it(`${page} documents exactly what the code defines in ${name} (npm run docs regenerates it)`, () => {
      expect(readSection(readFileSync(page, 'utf8'), name)).toBe(content);
    });
  }
});
