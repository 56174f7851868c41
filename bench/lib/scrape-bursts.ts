// Scrape latency as Prometheus servers cause it: bursts of concurrent GET /metrics over keep-alive
// connections, then a pause (servers scrape on an interval, so a burst is their worst moment; a
// saturating closed loop would measure the client as much). Targets alternate round by round in one
// run, with the same client, so machine noise hits them alike.
import http from 'node:http';
import { sleep } from './proc.ts';

function scrape(agent: http.Agent, port: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/metrics', agent }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(performance.now() - started)
          : reject(new Error(`/metrics on :${port} answered ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
  });
}

export interface BurstOptions {
  readonly scrapers: number;
  readonly rounds: number;
  /** Pause after each round, split between the targets. */
  readonly pauseMs: number;
}

/** Milliseconds per scrape, per target port (warm-up rounds not counted). */
export async function scrapeBursts(ports: readonly number[], options: BurstOptions): Promise<number[][]> {
  const targets = ports.map((port) => ({
    port,
    agent: new http.Agent({ keepAlive: true, maxSockets: options.scrapers }),
    ms: [] as number[],
  }));
  const burst = (t: (typeof targets)[number]) =>
    Promise.all(Array.from({ length: options.scrapers }, () => scrape(t.agent, t.port)));
  try {
    // Warm-up rounds (connections opened, JIT and V8 optimiser warm) are not counted.
    for (let round = 0; round < 5; round++) for (const t of targets) await burst(t);
    for (let round = 0; round < options.rounds; round++)
      for (const t of targets) {
        t.ms.push(...(await burst(t)));
        await sleep(options.pauseMs / targets.length);
      }
  } finally {
    for (const t of targets) t.agent.destroy();
  }
  return targets.map((t) => t.ms);
}
