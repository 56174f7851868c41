// The memory floor: what a Node server costs in memory doing only the HTTP part of a resident agent's job,
// under the same load as bench/zk-memory.ts and bench/kafka-memory.ts (100,000 requests, 10 probes : 1
// scrape, keep-alive) and with the same node flags the image gives the agent. It answers /livez, /readyz
// and /metrics with the bytes the agent answered (bench/lib/fixed-answers-server.ts), as bare node:http
// and as fastify, the agents' HTTP framework. What the agent needs above these is its own work
// (settings, the server's client, rendering, logging); the goal (≤ 64 MiB for zk-agent) can only be met
// if the fastify floor is well below it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { startPortPrintingServer } from './lib/bare-server.ts';
import { answerOnce } from './lib/http.ts';
import { residentNodeFlags } from './lib/image-flags.ts';
import { rssMbOf } from './lib/proc.ts';
import { PROBES_AND_SCRAPES, rssUnderLoad, WARM_UP } from './lib/rss-under-load.ts';
import { fmt, ratioRow, type Row } from './lib/table.ts';

const SOURCE = fileURLToPath(new URL('./lib/fixed-answers-server.ts', import.meta.url));

/** `agent`: which agent's answers to serve, read from its running HTTP port; `image`: whose flags. */
export async function benchMemoryFloor(
  agent: 'zk-agent' | 'kafka-agent',
  agentPort: number,
  image: 'zookeeper' | 'kafka',
  requests = 100_000,
): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-memory-floor-'));
  try {
    const script = join(dir, 'fixed-answers-server.cjs');
    await build({
      entryPoints: [SOURCE],
      outfile: script,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      minify: true,
    });
    const answers: Record<string, unknown> = {};
    for (const path of new Set(PROBES_AND_SCRAPES)) {
      const { status, contentType, body } = await answerOnce(agentPort, path);
      answers[path] = { status, contentType, body: body.toString('base64') };
    }
    const file = join(dir, 'answers.json');
    writeFileSync(file, JSON.stringify(answers));
    const flags = residentNodeFlags(image);
    const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
    const rows: Row[] = [];
    try {
      for (const kind of ['node', 'fastify'] as const) {
        const server = await startPortPrintingServer([...flags, script, file, kind]);
        try {
          const { end, afterWarmUp } = await rssUnderLoad(server.port, server.pid, requests);
          const growth = end - afterWarmUp;
          const label = kind === 'node' ? 'bare node:http' : 'fastify';
          rows.push(
            ratioRow(
              `floor: ${label} serving ${agent}'s answers as fixed bytes, RSS after ${requests / 1000}k (image flags)`,
              end,
              { name: 'idle node', value: rssMbOf(idle.pid!) },
              'MiB',
            ),
            {
              name: `floor: ${label}, RSS growth ${WARM_UP / 1000}k → ${requests / 1000}k requests`,
              value: fmt(growth, 'MiB'),
              baseline: '-',
              ratio: '-',
              goal: '-',
              met: undefined,
            },
          );
        } finally {
          server.stop();
        }
      }
    } finally {
      idle.kill('SIGKILL');
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
