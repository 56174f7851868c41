// The HTTP server both agents share, in process (fastify's inject): what Kubernetes probes and Prometheus
// see from /livez, /readyz, /metrics and /, and what a stop signal changes. serve-until-stopped runs
// on a real loopback port, with signals emitted on an EventEmitter instead of the process.
import { EventEmitter } from 'node:events';
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../agents/core/check.ts';
import {
  createHealthServer,
  PROMETHEUS_CONTENT_TYPE,
  type HealthServer,
  type HealthServerOptions,
} from '../../agents/core/http-server.ts';
import { serveUntilStopped } from '../../agents/core/serve-until-stopped.ts';
import { pollUntil } from '../../tools/harness/poll.ts';

const silent = pino({ level: 'silent' });
const pass = (reason: string) => async (): Promise<CheckResult> => ({ ok: true, reason });
const fail = (reason: string) => async (): Promise<CheckResult> => ({ ok: false, reason });

function options(overrides: Partial<HealthServerOptions> = {}): HealthServerOptions {
  return {
    host: '127.0.0.1',
    port: 0,
    logger: silent,
    livez: pass('alive'),
    readyz: pass('ready'),
    metrics: async () => '# TYPE up gauge\nup 1\n',
    status: async () => ({ mode: 'leader' }),
    ...overrides,
  };
}

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function serve(overrides: Partial<HealthServerOptions> = {}): HealthServer {
  server = createHealthServer(options(overrides));
  return server;
}

describe('/livez and /readyz', () => {
  it.each(['/livez', '/readyz'])('%s answers 200 with the passing check as JSON', async (path) => {
    const reason = path === '/livez' ? 'alive' : 'ready';
    const response = await serve().app.inject({ method: 'GET', url: path });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ ok: true, reason });
  });

  it.each(['/livez', '/readyz'])('%s answers 503 with the reason the check failed', async (path) => {
    const check = fail('no reply from ZooKeeper within 1000 ms');
    const app = serve({ livez: check, readyz: check }).app;
    const response = await app.inject({ method: 'GET', url: path });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ ok: false, reason: 'no reply from ZooKeeper within 1000 ms' });
  });

  it('passes the check details through to the body', async () => {
    const readyz = async () => ({ ok: false, reason: 'looking', details: { mode: 'looking', replicas: 3 } });
    const response = await serve({ readyz }).app.inject({ method: 'GET', url: '/readyz' });
    expect(response.json()).toEqual({
      ok: false,
      reason: 'looking',
      details: { mode: 'looking', replicas: 3 },
    });
  });

  it.each(['/livez', '/readyz'])(
    '%s answers 503 (never 500) when the check throws, with the error',
    async (path) => {
      const boom = async (): Promise<CheckResult> => {
        throw new Error('socket exploded');
      };
      const response = await serve({ livez: boom, readyz: boom }).app.inject({ method: 'GET', url: path });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ ok: false, reason: 'check failed: socket exploded' });
    },
  );

  it('runs the check on every probe: a server that recovers is seen at the next one', async () => {
    let ok = false;
    const app = serve({ readyz: async () => ({ ok, reason: ok ? 'ready' : 'not yet' }) }).app;
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    ok = true;
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});

describe('draining (after a stop signal)', () => {
  it('turns /readyz 503 at once, without asking the server, and says why', async () => {
    let asked = 0;
    const s = serve({ readyz: async () => ({ ok: true, reason: `ready (${++asked})` }) });
    expect((await s.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    s.startDraining();
    const response = await s.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ ok: false, reason: 'draining: the agent received a stop signal' });
    expect(asked, 'the readiness check is not run while draining').toBe(1);
  });

  it.each([
    [true, 200],
    [false, 503],
  ])('leaves /livez as the check says (ok=%s → %i): the server is still up', async (ok, code) => {
    const s = serve({ livez: async () => ({ ok, reason: 'as checked' }) });
    s.startDraining();
    const response = await s.app.inject({ method: 'GET', url: '/livez' });
    expect(response.statusCode).toBe(code);
    expect(response.json()).toEqual({ ok, reason: 'as checked' });
  });

  it('shows in the status document', async () => {
    const s = serve();
    expect((await s.app.inject({ method: 'GET', url: '/' })).json()).toEqual({
      mode: 'leader',
      draining: false,
    });
    s.startDraining();
    expect((await s.app.inject({ method: 'GET', url: '/' })).json()).toEqual({
      mode: 'leader',
      draining: true,
    });
  });
});

describe('/metrics and /', () => {
  it('/metrics serves the text with the Prometheus exposition content type', async () => {
    const text = '# HELP zookeeper_up Up.\n# TYPE zookeeper_up gauge\nzookeeper_up 1\n';
    const response = await serve({ metrics: async () => text }).app.inject({
      method: 'GET',
      url: '/metrics',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(PROMETHEUS_CONTENT_TYPE).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toBe(text);
  });

  it('/ answers the status document as JSON', async () => {
    const status = async () => ({ hostname: 'zk-0', myid: 1, mode: 'follower', serving: true });
    const response = await serve({ status }).app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({
      hostname: 'zk-0',
      myid: 1,
      mode: 'follower',
      serving: true,
      draining: false,
    });
  });

  it('unknown paths answer 404', async () => {
    expect((await serve().app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(404);
  });
});

describe('listen', () => {
  let blocker: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
    blocker = undefined;
  });

  it('serves on the address it returns', async () => {
    const s = serve();
    const address = await s.listen();
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${address}/livez`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, reason: 'alive' });
  });

  it('a taken port fails with AGENT_ERR_HTTP_LISTEN naming the address and AGENT_PORT', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const s = serve({ port });
    const listening = s.listen();
    await expect(listening).rejects.toMatchObject({ code: 'AGENT_ERR_HTTP_LISTEN' });
    await expect(listening).rejects.toThrow(`127.0.0.1:${port}: EADDRINUSE`);
    await expect(listening).rejects.toThrow('AGENT_PORT');
  });
});

describe('serveUntilStopped (the serve verb)', () => {
  /** Records what the server logs, to see when it started serving and that it turned to draining. */
  function recordingLogger() {
    const lines: { msg: string; address?: string; signal?: string }[] = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) },
    );
    return { logger, lines };
  }

  function waitForAddress(lines: { msg: string; address?: string }[]): Promise<string> {
    return pollUntil(
      'serveUntilStopped listening',
      async () => lines.find((line) => line.address)?.address || undefined,
      { timeoutMs: 5000, intervalMs: 10 },
    );
  }

  it.each(['SIGTERM', 'SIGINT'])('%s drains, closes the port and resolves 0', async (signal) => {
    const { logger, lines } = recordingLogger();
    const signals = new EventEmitter();
    const stopped = serveUntilStopped(options({ logger }), signals);
    const address = await waitForAddress(lines);
    expect((await fetch(`${address}/readyz`)).status).toBe(200);

    signals.emit(signal, signal); // as process does: the handler gets the signal's name
    await expect(stopped).resolves.toBe(0);
    expect(lines.map((line) => line.msg)).toContain('stopping: /readyz answers 503 from now on');
    expect(lines.find((line) => line.signal)?.signal).toBe(signal);
    const { port } = new URL(address);
    expect(await connects(Number(port)), 'the port is closed once it resolved').toBe(false);
  });

  it('keeps serving until a stop signal arrives', async () => {
    const { logger, lines } = recordingLogger();
    const signals = new EventEmitter();
    let settled = false;
    const stopped = serveUntilStopped(options({ logger }), signals).finally(() => (settled = true));
    const address = await waitForAddress(lines);
    signals.emit('SIGHUP'); // not a stop signal
    expect((await fetch(`${address}/livez`)).status).toBe(200);
    expect(settled).toBe(false);
    signals.emit('SIGTERM');
    await expect(stopped).resolves.toBe(0);
  });

  it('handles a second stop signal during the close itself, and lets go of both once stopped', async () => {
    const { logger, lines } = recordingLogger();
    const signals = new EventEmitter();
    const stopped = serveUntilStopped(options({ logger }), signals);
    await waitForAddress(lines);
    signals.emit('SIGTERM', 'SIGTERM');
    // Without a listener, a real process would take the default action (exit 143) here.
    expect(signals.listenerCount('SIGTERM')).toBe(1);
    signals.emit('SIGTERM', 'SIGTERM');
    await expect(stopped).resolves.toBe(0);
    expect(lines.filter((line) => line.msg.startsWith('stopping')).length).toBe(1);
    expect(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGINT')).toBe(0);
  });
});

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
