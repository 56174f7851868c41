// Open-loop load: requests start at a fixed rate whether or not earlier ones have been answered (as
// kubelets and Prometheus servers do: a hung agent does not slow them down, it collects them). Each
// request has its client's deadline; a reply is an answer, a deadline passed or a connection reset is a
// failure. Probes come on a fresh connection each, as the kubelet's prober makes them (it disables
// keep-alive; on loopback Linux reuses TIME_WAIT ports, tcp_tw_reuse=2); scrapes over keep-alive
// connections, as a Prometheus server's. (Keep-alive probes at 1,000/s left the agent holding a
// thousand idle connections after each pause: a client no kubelet is.)
import http from 'node:http';

export type Outcome =
  | { readonly kind: 'answer'; readonly status: number; readonly reason?: string }
  | { readonly kind: 'failure'; readonly why: string };

export interface Sample {
  readonly path: string;
  /** Milliseconds since the load started. */
  readonly at: number;
  readonly ms: number;
  readonly outcome: Outcome;
}

export interface PacedLoadOptions {
  readonly port: number;
  /** Paths in the order requests cycle through them. */
  readonly paths: readonly string[];
  /** Paths asked over keep-alive connections (scrapes); the others get a fresh connection each. */
  readonly keepAlive: ReadonlySet<string>;
  readonly perSecond: number;
  readonly durationMs: number;
  /** Milliseconds a client waits per path before it gives up. */
  readonly deadlines: ReadonlyMap<string, number>;
  /** Called once a second with the elapsed milliseconds (RSS sampling, pausing the server). */
  readonly onSecond?: (elapsedMs: number) => void;
}

const TICK_MS = 10;

function once(agent: http.Agent | false, port: number, path: string, deadlineMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path, agent, signal: AbortSignal.timeout(deadlineMs) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => resolve({ kind: 'failure', why: error.name }));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status === 200) return resolve({ kind: 'answer', status });
          // A 503 is an answer when it says why (the agents' JSON { ok: false, reason }).
          let reason: unknown;
          try {
            reason = (JSON.parse(Buffer.concat(chunks).toString()) as { reason?: unknown }).reason;
          } catch {
            reason = undefined;
          }
          resolve(
            status === 503 && typeof reason === 'string' && reason !== ''
              ? { kind: 'answer', status, reason }
              : { kind: 'failure', why: `HTTP ${status} without a reason` },
          );
        });
      },
    );
    req.on('error', (error) =>
      resolve({
        kind: 'failure',
        why:
          error.name === 'TimeoutError' || error.name === 'AbortError'
            ? 'deadline passed'
            : ((error as NodeJS.ErrnoException).code ?? error.message),
      }),
    );
  });
}

/** Runs the load for `durationMs` and resolves once every request has an outcome. */
export async function pacedLoad(options: PacedLoadOptions): Promise<Sample[]> {
  const agent = new http.Agent({ keepAlive: true });
  const samples: Sample[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let issued = 0;
  let seconds = 0;
  try {
    for (;;) {
      const elapsed = performance.now() - started;
      if (elapsed >= options.durationMs) break;
      while (seconds * 1000 <= elapsed) options.onSecond?.(seconds++ * 1000);
      // As many as the rate says by now: a tick that came late (GC, a busy core) catches up.
      const due = Math.floor((elapsed / 1000) * options.perSecond);
      for (; issued < due; issued++) {
        const path = options.paths[issued % options.paths.length]!;
        const at = performance.now() - started;
        pending.push(
          once(
            options.keepAlive.has(path) ? agent : false,
            options.port,
            path,
            options.deadlines.get(path)!,
          ).then((outcome) => {
            samples.push({ path, at, ms: performance.now() - started - at, outcome });
          }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
    await Promise.all(pending);
  } finally {
    agent.destroy();
  }
  return samples;
}
