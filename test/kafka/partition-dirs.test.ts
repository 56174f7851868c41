// Which directories of log.dirs count as partitions the broker will host: what readiness compares with
// a Metadata answer that lists no topic yet.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { partitionDirsOnDisk } from '../../agents/kafka/checks/partition-dirs.ts';

const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function logDir(entries: { dirs?: string[]; files?: string[] }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-logdir-'));
  made.push(dir);
  for (const name of entries.dirs ?? []) mkdirSync(join(dir, name));
  for (const name of entries.files ?? []) writeFileSync(join(dir, name), '');
  return dir;
}

describe('partition logs on disk', () => {
  it('counts <topic>-<partition> directories in every log dir, internal topics included', () => {
    const a = logDir({ dirs: ['orders-0', 'orders-1', '__consumer_offsets-7'] });
    const b = logDir({ dirs: ['my-topic-2'] });
    expect(partitionDirsOnDisk([a, b])()).toBe(4);
  });

  it("ignores KRaft's metadata log, logs being deleted, moved or stray, and plain files", () => {
    const dir = logDir({
      dirs: [
        '__cluster_metadata-0',
        'orders-0.6f1c2a7e9b0d4c3fa1b2c3d4e5f60718-delete',
        'orders-1.6f1c2a7e9b0d4c3fa1b2c3d4e5f60718-future',
        'orders-2.6f1c2a7e9b0d4c3fa1b2c3d4e5f60718-stray',
      ],
      files: ['meta.properties', 'recovery-point-offset-checkpoint', 'cleaner-offset-checkpoint-0'],
    });
    expect(partitionDirsOnDisk([dir])()).toBe(0);
  });

  it('counts a log dir that does not exist yet as holding nothing', () => {
    expect(partitionDirsOnDisk(['/nonexistent/kafka/data'])()).toBe(0);
  });
});
