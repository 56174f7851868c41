import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { expect } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Compares text with a golden file under the repo; `UPDATE_GOLDEN=1` rewrites the file instead. */
export function expectGolden(relativePath: string, actual: string): void {
  const file = resolve(root, relativePath);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`no golden file ${relativePath}: run the test with UPDATE_GOLDEN=1 and review the diff`);
  }
  expect(actual, `${relativePath} differs (UPDATE_GOLDEN=1 rewrites it)`).toBe(expected);
}

/** Runs `promtool check metrics` (exposition format and lint) on Prometheus text. */
export function promtoolCheckMetrics(text: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
