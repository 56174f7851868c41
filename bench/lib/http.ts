// Minimal HTTP clients for the benchmarks: a one-shot GET on a fresh connection (what the kubelet's
// prober does: it disables keep-alive) and a closed-loop load generator over keep-alive connections.
import http from 'node:http';

export interface Response {
  readonly status: number;
  readonly body: string;
}

/** GET on a new connection, closed afterwards, like a kubelet httpGet probe. */
export function getOnce(port: number, path: string): Promise<Response> {
  return request(port, path, false);
}

function request(port: number, path: string, agent: http.Agent | false): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

export interface LoadOptions {
  readonly port: number;
  /** Paths in the order each connection cycles through them (e.g. 10 probes then 1 scrape). */
  readonly paths: readonly string[];
  readonly connections: number;
  readonly requests: number;
  /** Called every `everyRequests` completed requests (memory sampling). */
  readonly onProgress?: (done: number) => void;
  readonly everyRequests?: number;
}

export interface LoadResult {
  /** Milliseconds per request, by path. */
  readonly latencies: ReadonlyMap<string, number[]>;
  readonly wallMs: number;
  readonly failures: number;
}

/** `connections` keep-alive connections, each sending its next request as soon as the last answered. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies = new Map<string, number[]>(options.paths.map((path) => [path, []]));
  let issued = 0;
  let done = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async (offset: number) => {
    for (let i = offset; issued < options.requests; i++) {
      issued++;
      const path = options.paths[i % options.paths.length]!;
      const t0 = performance.now();
      try {
        const res = await request(options.port, path, agent);
        if (res.status !== 200) failures++;
      } catch {
        failures++;
      }
      latencies.get(path)!.push(performance.now() - t0);
      done++;
      if (options.onProgress && done % (options.everyRequests ?? 1000) === 0) options.onProgress(done);
    }
  };
  // Connections start at different points of the path cycle, so scrapes are spread over time.
  await Promise.all(
    Array.from({ length: options.connections }, (_, c) =>
      worker(Math.floor((c * options.paths.length) / options.connections)),
    ),
  );
  agent.destroy();
  return { latencies, wallMs: performance.now() - started, failures };
}

/** One scrape's body and content type, as the agent sent them. */
export async function scrapeOnce(port: number): Promise<{ body: Buffer; contentType: string }> {
  const { body, contentType } = await answerOnce(port, '/metrics');
  return { body, contentType };
}

/** One GET's status, body and content type, exactly as the server sent them. */
export function answerOnce(
  port: number,
  path: string,
): Promise<{ status: number; body: Buffer; contentType: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
            contentType: String(res.headers['content-type']),
          }),
        );
      })
      .on('error', reject);
  });
}
