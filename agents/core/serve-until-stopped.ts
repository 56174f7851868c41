// `serve` (sidecar): the HTTP server alone, until SIGTERM/SIGINT. Readiness turns 503 first, then the
// server closes and the agent exits 0: a clean stop, as tini would report it.
import { createHealthServer, type HealthServerOptions } from './http-server.ts';

export async function serveUntilStopped(
  options: HealthServerOptions,
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  const server = createHealthServer(options);
  await server.listen();
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      options.logger.info({ signal }, 'stopping: /readyz answers 503 from now on');
      server.startDraining();
      resolve();
    };
    signals.once('SIGTERM', stop);
    signals.once('SIGINT', stop);
  });
  await server.close();
  return 0;
}
