// The agent's HTTP server (fastify): /livez, /readyz, /metrics and / (status), shared by both agents.
// Kubernetes probes and Prometheus scrapes land here instead of exec'ing a shell per probe.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from './logger.ts';
import type { CheckResult } from './check.ts';
import { AgentError } from './errors.ts';

export interface HealthServerOptions {
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  readonly livez: () => Promise<CheckResult>;
  readonly readyz: () => Promise<CheckResult>;
  /** Prometheus text; a Buffer is sent as is (UTF-8), so one rendering can serve many scrapes. */
  readonly metrics: () => Promise<string | Buffer>;
  readonly status: () => Promise<Readonly<Record<string, unknown>>>;
}

export interface HealthServer {
  readonly app: FastifyInstance;
  /** After SIGTERM: /readyz answers 503 at once, so the pod leaves the Service before the server stops. */
  startDraining(): void;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export function createHealthServer(options: HealthServerOptions): HealthServer {
  let draining = false;
  // Fastify's own request log would print a line per probe; the agent logs what matters itself.
  // 'idle': closing drops idle keep-alive connections (a Prometheus scraper's) at once but lets a probe
  // or scrape already in flight get its answer.
  const app = Fastify({ logger: false, forceCloseConnections: 'idle' });

  const probe =
    (check: () => Promise<CheckResult>) =>
    async (_request: unknown, reply: import('fastify').FastifyReply) => {
      const result = await safely(check);
      return reply.code(result.ok ? 200 : 503).send(result);
    };

  app.get('/livez', probe(options.livez));
  app.get(
    '/readyz',
    probe(() => (draining ? Promise.resolve(DRAINING) : options.readyz())),
  );
  app.get('/metrics', async (_request, reply) =>
    reply.type(PROMETHEUS_CONTENT_TYPE).send(await options.metrics()),
  );
  app.get('/', async () => ({ ...(await options.status()), draining }));

  return {
    app,
    startDraining() {
      draining = true;
    },
    async listen() {
      let address: string;
      try {
        address = await app.listen({ host: options.host, port: options.port });
      } catch (error) {
        throw new AgentError(
          'AGENT_ERR_HTTP_LISTEN',
          `cannot serve probes on ${options.host}:${options.port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. ` +
            "Another process holds the port, or the address is not this pod's: set AGENT_PORT (e.g. AGENT_PORT=9141) or AGENT_HOST (e.g. AGENT_HOST=0.0.0.0).",
        );
      }
      options.logger.info({ address }, 'serving /livez /readyz /metrics');
      return address;
    },
    close: () => app.close(),
  };
}

const DRAINING: CheckResult = { ok: false, reason: 'draining: the agent received a stop signal' };

/** A check that throws is a failed check with the error as its reason, never a 500. */
async function safely(check: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await check();
  } catch (error) {
    return { ok: false, reason: `check failed: ${(error as Error).message}` };
  }
}
