// An exec probe `zk-agent ok [--ready]` (what a manifest without httpGet runs every period), and the
// other short verbs `status` and `metrics`, cost about what starting node costs: CPU and wall time
// ≤ 1.10× `node -e 0`, against a real ZooKeeper, as the image runs them and as the plain bundle. In the
// same run, the floor under any exec probe written for Node: a hand-written eight-line script that
// connects, sends ruok and prints the answer (no settings, no error handling, no deadline).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchServer } from './lib/zookeeper.ts';
import type { Row } from './lib/table.ts';
import { verbStartupRows } from './lib/verb-startup.ts';

const HAND_WRITTEN_RUOK = `const socket = require('node:net').connect(Number(process.env.ZK_CLIENT_PORT), '127.0.0.1');
let answer = '';
socket.on('connect', () => socket.write('ruok'));
socket.on('data', (chunk) => (answer += chunk));
socket.on('end', () => {
  process.stdout.write(answer === 'imok' ? 'ok: imok\\n' : 'not ok\\n');
  process.exitCode = answer === 'imok' ? 0 : 1;
});
`;

export function benchZkOk(server: BenchServer, runs = 20): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'bench-zk-ok-'));
  try {
    const script = join(dir, 'hand-written-ruok.cjs');
    writeFileSync(script, HAND_WRITTEN_RUOK);
    const env = { ZK_REPLICAS: '1', ZK_CLIENT_PORT: String(server.pod.clientPort) };
    const verb = (args: string[]) => ({
      name: `zk-agent ${args.join(' ')}`,
      command: { args: ['dist/zk-agent.js', ...args], env },
    });
    return verbStartupRows(
      [
        verb(['ok']),
        verb(['ok', '--ready']),
        verb(['status', '--hostname', 'zk-0']),
        verb(['metrics']),
        {
          name: 'floor: a hand-written ruok probe (node:net, 8 lines)',
          command: { args: [script], env },
          floor: true,
        },
      ],
      runs,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
