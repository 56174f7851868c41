// `serve` (sidecar): the HTTP server alone, until SIGTERM/SIGINT. Readiness turns 503 first, then the
// server closes and the agent exits 0: a clean stop, as tini would report it.
import { createHealthServer, type HealthServerOptions } from './http-server.ts';

export async function serveUntilStopped(
  options: HealthServerOptions,
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  const server = createHealthServer(options);
  await server.listen();
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let stopping = false;
  // Both signals stay handled while the server closes: a second SIGTERM then must not fall back to
  // Node's default action (exit 143) and turn a clean stop into a failed one. (`serve` holds them
  // after this returns too, until the process exits.)
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    options.logger.info({ signal }, 'stopping: /readyz answers 503 from now on');
    server.startDraining();
    resolveStopped();
  };
  signals.on('SIGTERM', stop);
  signals.on('SIGINT', stop);
  try {
    await stopped;
    await server.close();
  } finally {
    signals.off('SIGTERM', stop);
    signals.off('SIGINT', stop);
  }
  return 0;
}
