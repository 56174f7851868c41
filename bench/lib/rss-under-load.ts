// The memory benchmarks' load (bench/zk-memory.ts, bench/kafka-memory.ts, bench/memory-floor.ts): a
// resident server's RSS under probes and scrapes as the kubelet and Prometheus send them, 10 probes to
// 1 scrape over 8 keep-alive connections, sampled every 1,000 requests.
import { load } from './http.ts';
import { rssMbOf } from './proc.ts';

export const PROBES_AND_SCRAPES = [
  ...Array.from({ length: 5 }, () => ['/livez', '/readyz']).flat(),
  '/metrics',
];
export const WARM_UP = 10_000;

export interface RssUnderLoad {
  /** RSS when the last request was answered, MiB. */
  readonly end: number;
  /** RSS after the first WARM_UP requests, MiB. */
  readonly afterWarmUp: number;
  readonly peak: number;
  readonly seconds: number;
}

/** `requests` of the mix on `port`; throws if any failed. */
export async function rssUnderLoad(port: number, pid: number, requests: number): Promise<RssUnderLoad> {
  let peak = 0;
  let afterWarmUp = 0;
  const result = await load({
    port,
    paths: PROBES_AND_SCRAPES,
    connections: 8,
    requests,
    everyRequests: 1000,
    onProgress: (done) => {
      const rss = rssMbOf(pid);
      peak = Math.max(peak, rss);
      if (done === WARM_UP) afterWarmUp = rss;
    },
  });
  if (result.failures > 0) throw new Error(`${result.failures} of ${requests} requests on :${port} failed`);
  const end = rssMbOf(pid);
  return { end, afterWarmUp, peak: Math.max(peak, end), seconds: result.wallMs / 1000 };
}
