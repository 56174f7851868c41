import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, tmpdir } from 'node:os';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { exitStatusOf, supervise } from '../../agents/core/supervisor.ts';

describe('exitStatusOf (as a shell reports a child, like tini)', () => {
  it("passes the child's exit code through", () => {
    expect(exitStatusOf(0, null)).toBe(0);
    expect(exitStatusOf(3, null)).toBe(3);
  });

  it('gives 128+N for a child killed by signal N', () => {
    expect(exitStatusOf(null, 'SIGTERM')).toBe(128 + constants.signals.SIGTERM);
    expect(exitStatusOf(null, 'SIGKILL')).toBe(137);
    expect(exitStatusOf(null, 'SIGINT')).toBe(130);
  });
});

describe('supervise', () => {
  const logger = pino({ level: 'silent' });

  it("resolves with the child's exit code", async () => {
    await expect(supervise({ command: ['sh', '-c', 'exit 3'], logger })).resolves.toBe(3);
  });

  it('resolves with 128+N when the child dies of signal N', async () => {
    await expect(supervise({ command: ['sh', '-c', 'kill -TERM $$'], logger })).resolves.toBe(143);
  });

  it('forwards a stop signal to the child after running beforeStop', async () => {
    const signals = new EventEmitter();
    const order: string[] = [];
    // `exec` makes sleep the child itself, so the forwarded TERM reaches it rather than a waiting shell.
    const status = supervise({
      command: ['sh', '-c', 'exec sleep 30'],
      logger,
      signals,
      beforeStop: (signal) => order.push(`beforeStop ${signal}`),
    });
    setTimeout(() => {
      order.push('emit');
      signals.emit('SIGTERM');
    }, 200);
    await expect(status).resolves.toBe(143);
    expect(order).toEqual(['emit', 'beforeStop SIGTERM']);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('rejects with an AgentError exiting 127 when the command does not exist', async () => {
    const started = supervise({ command: ['/nonexistent/java'], logger });
    await expect(started).rejects.toMatchObject({ code: 'AGENT_ERR_EXEC', exitCode: 127 });
  });

  it('rejects with an AgentError exiting 126 when the command is not executable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supervise-'));
    const script = join(dir, 'not-executable');
    writeFileSync(script, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    try {
      await expect(supervise({ command: [script], logger, hint: 'check it' })).rejects.toMatchObject({
        code: 'AGENT_ERR_EXEC',
        exitCode: 126,
        message: expect.stringContaining('check it'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(['SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const)(
    'forwards %s without draining (only TERM and INT stop the pod)',
    async (signal) => {
      const signals = new EventEmitter();
      let drained = 0;
      // The child reports which signal reached it through its exit code.
      const status = supervise({
        command: ['sh', '-c', `trap 'exit 42' ${signal.slice(3)}; while :; do sleep 0.05; done`],
        logger,
        signals,
        beforeStop: () => drained++,
      });
      setTimeout(() => signals.emit(signal), 300);
      await expect(status).resolves.toBe(42);
      expect(drained).toBe(0);
    },
  );

  it('runs beforeStop once, however many stop signals arrive', async () => {
    const signals = new EventEmitter();
    let drained = 0;
    const status = supervise({
      command: ['sh', '-c', "trap 'exit 0' TERM INT; while :; do sleep 0.05; done"],
      logger,
      signals,
      beforeStop: () => drained++,
    });
    setTimeout(() => {
      signals.emit('SIGINT');
      signals.emit('SIGTERM');
    }, 300);
    await expect(status).resolves.toBe(0);
    expect(drained).toBe(1);
  });
});
