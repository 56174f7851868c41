import { EventEmitter } from 'node:events';
import { constants } from 'node:os';
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
});
