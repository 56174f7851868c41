// Issue 2 goals: `zk-agent init` wall time and peak memory ≤ 1.3× `node -e 0`; the bundle ≤ 1.5 MB.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare } from './lib/measure.ts';
import { fmt, ratioRow, type Row } from './lib/table.ts';

const node = (value: number) => ({ name: 'node -e 0', value });

export function benchZkInit(runs = 20): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'bench-zk-init-'));
  try {
    const env = {
      ZK_REPLICAS: '3',
      AGENT_DOMAIN: 'zk-hs.default.svc.cluster.local',
      ZK_DATA_DIR: join(dir, 'data'),
      ZK_DATA_LOG_DIR: join(dir, 'log'),
      ZK_CONF_DIR: join(dir, 'conf'),
    };
    const { subject, baseline } = compare(
      { args: ['dist/zk-agent.js', 'init', '--hostname', 'zk-1'], env },
      { args: ['-e', '0'], env },
      runs,
    );
    // V8's compile cache (NODE_COMPILE_CACHE, a writable dir; in an image, one filled at build time):
    // a separate row, since it needs the environment variable set in the image.
    const cacheDir = join(dir, 'compile-cache');
    const cached = compare(
      {
        args: ['dist/zk-agent.js', 'init', '--hostname', 'zk-1'],
        env: { ...env, NODE_COMPILE_CACHE: cacheDir },
      },
      { args: ['-e', '0'], env: { ...env, NODE_COMPILE_CACHE: cacheDir } },
      runs,
    );
    const bundleMb = statSync('dist/zk-agent.js').size / 1e6;
    return [
      ratioRow(
        `zk-agent init wall time (median of ${runs})`,
        subject.wallMs,
        node(baseline.wallMs),
        'ms',
        1.3,
      ),
      ratioRow('zk-agent init CPU', subject.cpuMs, node(baseline.cpuMs), 'ms'),
      ratioRow(
        'zk-agent init wall time, NODE_COMPILE_CACHE set',
        cached.subject.wallMs,
        node(cached.baseline.wallMs),
        'ms',
        1.3,
      ),
      ratioRow('zk-agent init peak RSS', subject.maxRssMb, node(baseline.maxRssMb), 'MiB', 1.3),
      {
        name: 'dist/zk-agent.js size',
        value: fmt(bundleMb, 'MB', 2),
        baseline: '-',
        ratio: '-',
        goal: '≤ 1.50 MB',
        met: bundleMb <= 1.5,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
