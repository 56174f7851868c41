// What the start-up goal (≤ 1.10× `node -e 0`) leaves to spend, measured: the floors under the agents'
// exec verbs, each against `node -e 0` in one interleaved run.
// - an empty startup snapshot: `node --snapshot-blob` of a script that does nothing, so the cost of
//   Node's snapshot machinery alone, before any agent code (the first path to a faster start one would try);
// - `require('node:child_process')`: what commander (the agents' command line) loads at its import;
// - `zk-agent --version` with the compile cache: Node's CommonJS loader reading the bundle, commander and
//   the program's verb table, no verb run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareAll } from './lib/measure.ts';
import { ratioRow, type Row } from './lib/table.ts';

export function benchStartupFloor(runs = 20): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'bench-startup-floor-'));
  try {
    const entry = join(dir, 'empty-snapshot.cjs');
    const blob = join(dir, 'empty.blob');
    writeFileSync(entry, "require('node:v8').startupSnapshot.setDeserializeMainFunction(() => {});\n");
    const built = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', entry], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (built.status !== 0) throw new Error(`building the empty snapshot failed: ${built.stderr}`);
    const cache = { NODE_COMPILE_CACHE: join(dir, 'compile-cache') };
    const [node, snapshot, childProcess, version] = compareAll(
      [
        { args: ['-e', '0'] },
        { args: ['--snapshot-blob', blob] },
        { args: ['-e', "require('node:child_process')"] },
        { args: ['dist/zk-agent.js', '--version'], env: cache },
      ],
      runs,
    );
    const baseline = (key: 'cpuMs' | 'wallMs') => ({ name: 'node -e 0', value: node![key] });
    return [
      ratioRow(
        `floor: node from an empty startup snapshot, CPU (median of ${runs})`,
        snapshot!.cpuMs,
        baseline('cpuMs'),
        'ms',
      ),
      ratioRow(
        'floor: node from an empty startup snapshot, wall time',
        snapshot!.wallMs,
        baseline('wallMs'),
        'ms',
      ),
      ratioRow(
        "floor: require('node:child_process') (commander's import), CPU",
        childProcess!.cpuMs,
        baseline('cpuMs'),
        'ms',
      ),
      ratioRow(
        'floor: zk-agent --version (loader, commander, no verb), CPU, compile cache',
        version!.cpuMs,
        baseline('cpuMs'),
        'ms',
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
