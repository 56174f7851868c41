// `zk-agent init` against `node -e 0` (target: ≤ 1.10× in CPU and wall time), as the image runs it and as the
// plain bundle (bench/lib/verb-startup.ts); its peak RSS (target ≤ 1.3×) and the bundle's size.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare } from './lib/measure.ts';
import { fmt, ratioRow, type Row } from './lib/table.ts';
import { verbStartupRows } from './lib/verb-startup.ts';

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
    const init = { args: ['dist/zk-agent.js', 'init', '--hostname', 'zk-1'], env };
    const startup = verbStartupRows([{ name: 'zk-agent init', command: init }], runs);
    const { subject, baseline } = compare(init, { args: ['-e', '0'], env }, runs);
    const bundleMb = statSync('dist/zk-agent.js').size / 1e6;
    return [
      ...startup,
      ratioRow(
        'zk-agent init peak RSS',
        subject.maxRssMb,
        { name: 'node -e 0', value: baseline.maxRssMb },
        'MiB',
        1.3,
      ),
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
