// The resident agent's memory after 100,000 probes and scrapes (10 probes : 1 scrape, keep-alive),
// with the image's resident node flags, next to an idle node process (the floor: `node -e` with a
// timer, no flags) started in the same run; and how much it grew after the warm-up. Target:
// ≤ 64 MiB and ≤ 2 MiB of growth from 10k to 100k requests.
import { spawn } from 'node:child_process';
import { rssMbOf, sleep } from './lib/proc.ts';
import { rssUnderLoad, WARM_UP } from './lib/rss-under-load.ts';
import { fmt, ratio, ratioRow, type Row } from './lib/table.ts';
import type { BenchServer } from './lib/zookeeper.ts';

const SETTLE_MS = 15_000;
const GOAL_MIB = 64;

export async function benchMemory(server: BenchServer, requests = 100_000): Promise<Row[]> {
  const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
  try {
    const {
      end,
      afterWarmUp,
      peak,
      seconds: wallSeconds,
    } = await rssUnderLoad(server.pod.agentPort, server.agentPid, requests);
    // After the load V8's memory reducer shrinks the young generation and gives pages back once the
    // allocation rate drops (~10 s): what the agent keeps, as opposed to what it has not returned yet.
    await sleep(SETTLE_MS);
    const settled = rssMbOf(server.agentPid);
    const idleRss = rssMbOf(idle.pid!);
    const seconds = wallSeconds.toFixed(0);
    return [
      {
        name: `zk-agent RSS after ${requests / 1000}k probes+scrapes (10:1, keep-alive, ${seconds} s)`,
        value: fmt(end, 'MiB'),
        baseline: `idle node: ${fmt(idleRss, 'MiB')}`,
        ratio: ratio(end, idleRss),
        goal: `≤ ${GOAL_MIB} MiB`,
        met: end <= GOAL_MIB,
      },
      ratioRow(
        `zk-agent RSS ${SETTLE_MS / 1000} s after the load stopped`,
        settled,
        { name: 'idle node', value: idleRss },
        'MiB',
      ),
      {
        name: `zk-agent RSS growth, ${WARM_UP / 1000}k → ${requests / 1000}k requests (peak ${fmt(peak, 'MiB')})`,
        value: fmt(end - afterWarmUp, 'MiB'),
        baseline: `after warm-up: ${fmt(afterWarmUp, 'MiB')}`,
        ratio: '-',
        goal: '≤ 2.0 MiB',
        met: end - afterWarmUp <= 2,
      },
    ];
  } finally {
    idle.kill('SIGKILL');
  }
}
