// P2: an exec probe `zk-agent ok` (what a manifest without httpGet runs every period) costs about what
// starting node costs: CPU ≤ 1.10× `node -e 0`, against a real ZooKeeper.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare } from './lib/measure.ts';
import { ratioRow, type Row } from './lib/table.ts';
import type { BenchServer } from './lib/zookeeper.ts';

export function benchZkOk(server: BenchServer, runs = 20): Row[] {
  const env = { ZK_REPLICAS: '1', ZK_CLIENT_PORT: String(server.pod.clientPort) };
  const { subject, baseline } = compare(
    { args: ['dist/zk-agent.js', 'ok'], env },
    { args: ['-e', '0'], env },
    runs,
  );
  // With V8's compile cache (NODE_COMPILE_CACHE set in the image): a separate row.
  const cacheDir = mkdtempSync(join(tmpdir(), 'bench-compile-cache-'));
  const cachedEnv = { ...env, NODE_COMPILE_CACHE: cacheDir };
  let cached;
  try {
    cached = compare(
      { args: ['dist/zk-agent.js', 'ok'], env: cachedEnv },
      { args: ['-e', '0'], env: cachedEnv },
      runs,
    );
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  const node = (value: number) => ({ name: 'node -e 0', value });
  return [
    ratioRow(
      `zk-agent ok: CPU per exec probe (median of ${runs})`,
      subject.cpuMs,
      node(baseline.cpuMs),
      'ms',
      1.1,
    ),
    ratioRow(
      'zk-agent ok: CPU per exec probe, NODE_COMPILE_CACHE set',
      cached.subject.cpuMs,
      node(cached.baseline.cpuMs),
      'ms',
      1.1,
    ),
  ];
}
