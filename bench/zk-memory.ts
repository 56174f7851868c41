// P4: the resident agent's memory after 100,000 probes and scrapes (10 probes : 1 scrape, keep-alive),
// next to an idle node process started in the same run; and how much it grew after the warm-up.
import { spawn } from 'node:child_process';
import { load } from './lib/http.ts';
import { rssMbOf, sleep } from './lib/proc.ts';
import { fmt, ratioRow, type Row } from './lib/table.ts';
import type { BenchServer } from './lib/zookeeper.ts';

const SETTLE_MS = 15_000;
const MIX = [...Array.from({ length: 5 }, () => ['/livez', '/readyz']).flat(), '/metrics'];

export async function benchMemory(server: BenchServer, requests = 100_000, warmUp = 10_000): Promise<Row[]> {
  const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
  try {
    const pid = server.agentPid;
    let afterWarmUp = 0;
    let peak = 0;
    const result = await load({
      port: server.pod.agentPort,
      paths: MIX,
      connections: 8,
      requests,
      everyRequests: 1000,
      onProgress: (done) => {
        const rss = rssMbOf(pid);
        peak = Math.max(peak, rss);
        if (done === warmUp) afterWarmUp = rss;
      },
    });
    if (result.failures > 0) throw new Error(`${result.failures} of ${requests} requests failed`);
    const end = rssMbOf(pid);
    // After the load V8's memory reducer shrinks the young generation and gives pages back once the
    // allocation rate drops (~10 s): what the agent keeps, as opposed to what it has not returned yet.
    await sleep(SETTLE_MS);
    const settled = rssMbOf(pid);
    const idleRss = rssMbOf(idle.pid!);
    const seconds = (result.wallMs / 1000).toFixed(0);
    return [
      ratioRow(
        `agent RSS after ${requests / 1000}k probes+scrapes (10:1, keep-alive, ${seconds} s)`,
        end,
        { name: 'idle node', value: idleRss },
        'MiB',
        1.25,
      ),
      ratioRow(
        `agent RSS ${SETTLE_MS / 1000} s after the load stopped`,
        settled,
        { name: 'idle node', value: idleRss },
        'MiB',
      ),
      {
        name: `agent RSS growth, ${warmUp / 1000}k → ${requests / 1000}k requests (peak ${fmt(peak, 'MiB')})`,
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
