// The probe scheduler's rules, on a fake clock with scripted probe results.
import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.ts';
import type { ProbeSpec } from './probe-spec.ts';
import { ProbeScheduler, type ProbeEvent, type ProbeName } from './probes.ts';

function spec(overrides: Partial<ProbeSpec> = {}): ProbeSpec {
  return {
    action: { kind: 'http', path: '/readyz', port: 9141, scheme: 'HTTP' },
    initialDelaySeconds: 0,
    periodSeconds: 10,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
    ...overrides,
  };
}

/** A scheduler whose probes answer what `answer(probe, now)` says; records calls, events and restarts. */
function harness(
  probes: { startup?: ProbeSpec; readiness?: ProbeSpec; liveness?: ProbeSpec },
  answer: (probe: ProbeName, now: number) => boolean | Error,
) {
  const clock = new FakeClock();
  const calls: { probe: ProbeName; at: number }[] = [];
  const events: ProbeEvent[] = [];
  const restarts: string[] = [];
  const scheduler = new ProbeScheduler({
    probes,
    clock,
    execute: async (probe) => {
      calls.push({ probe, at: clock.now() });
      const result = answer(probe, clock.now());
      if (result instanceof Error) throw result;
      return { ok: result, detail: result ? '200' : '503' };
    },
    emit: (event) => events.push(event),
    restart: async (reason) => {
      restarts.push(reason);
    },
  });
  const types = () => events.map((event) => event.type);
  return { clock, calls, events, restarts, scheduler, types };
}

describe('probe scheduler', () => {
  it('turns Ready on the first passing readiness probe and NotReady after failureThreshold failures', async () => {
    const h = harness(
      { readiness: spec({ failureThreshold: 2 }) },
      (_, now) => now >= 10_000 && now < 30_000,
    );
    h.scheduler.start();
    await h.clock.advance(0);
    expect(h.scheduler.isReady).toBe(false);
    await h.clock.advance(10_000);
    expect(h.scheduler.isReady).toBe(true);
    // One failure (at 30 s) is below the threshold of 2: still Ready.
    await h.clock.advance(20_000);
    expect(h.scheduler.isReady).toBe(true);
    await h.clock.advance(10_000);
    expect(h.scheduler.isReady).toBe(false);
    expect(h.types()).toEqual(['probe-failed', 'ready', 'probe-failed', 'probe-failed', 'not-ready']);
  });

  it('needs successThreshold passes in a row before Ready', async () => {
    const h = harness({ readiness: spec({ successThreshold: 2, periodSeconds: 5 }) }, () => true);
    h.scheduler.start();
    await h.clock.advance(0);
    expect(h.scheduler.isReady).toBe(false);
    await h.clock.advance(5_000);
    expect(h.scheduler.isReady).toBe(true);
  });

  it('is Ready at once without a readiness probe', async () => {
    const h = harness({}, () => true);
    h.scheduler.start();
    expect(h.scheduler.isReady).toBe(true);
    expect(h.types()).toEqual(['ready']);
  });

  it('waits initialDelaySeconds before the first probe, then probes every periodSeconds', async () => {
    const h = harness({ readiness: spec({ initialDelaySeconds: 15, periodSeconds: 10 }) }, () => true);
    h.scheduler.start();
    await h.clock.advance(14_999);
    expect(h.calls).toEqual([]);
    await h.clock.advance(40_001);
    expect(h.calls.map((call) => call.at)).toEqual([15_000, 25_000, 35_000, 45_000, 55_000]);
  });

  it('holds readiness and liveness off until the startupProbe succeeds', async () => {
    const h = harness(
      { startup: spec({ periodSeconds: 5, failureThreshold: 60 }), readiness: spec(), liveness: spec() },
      (probe, now) => (probe === 'startup' ? now >= 20_000 : true),
    );
    h.scheduler.start();
    await h.clock.advance(19_999);
    expect(h.calls.every((call) => call.probe === 'startup')).toBe(true);
    expect(h.calls.length).toBe(4);
    expect(h.scheduler.isReady).toBe(false);
    await h.clock.advance(1);
    expect(h.types()).toContain('startup-succeeded');
    expect(h.scheduler.isReady).toBe(true);
    expect(
      h.calls
        .filter((call) => call.probe !== 'startup')
        .map((call) => call.probe)
        .sort(),
    ).toEqual(['liveness', 'readiness']);
    // The startup probe stops once it has passed.
    await h.clock.advance(60_000);
    expect(h.calls.filter((call) => call.probe === 'startup').length).toBe(5);
  });

  it('restarts the container when the startupProbe fails failureThreshold times, and starts over after', async () => {
    const h = harness(
      { startup: spec({ periodSeconds: 5, failureThreshold: 3 }), readiness: spec() },
      () => false,
    );
    h.scheduler.start();
    // Failures at 0, 5 and 10 s: the third one restarts.
    await h.clock.advance(9_999);
    expect(h.restarts).toEqual([]);
    await h.clock.advance(1);
    expect(h.restarts.length).toBe(1);
    expect(h.restarts[0]).toMatch(/startup probe failed/);
    // After the restart the startup probe runs again from its first attempt, right away (no delay).
    expect(h.calls.filter((call) => call.at === 10_000).length).toBe(2);
    expect(h.calls.every((call) => call.probe === 'startup')).toBe(true);
    await h.clock.advance(10_000);
    expect(h.restarts.length).toBe(2);
  });

  it('restarts on failureThreshold liveness failures in a row, not on failures a success interrupts', async () => {
    // Fails at 0, 10, passes at 20, fails at 30, 40, 50 → restart at 50 s.
    const h = harness({ liveness: spec({ failureThreshold: 3 }) }, (_, now) => now === 20_000);
    h.scheduler.start();
    await h.clock.advance(40_000);
    expect(h.restarts).toEqual([]);
    await h.clock.advance(10_000);
    expect(h.restarts.length).toBe(1);
    const restart = h.events.find((event) => event.type === 'restart');
    expect(restart).toMatchObject({ type: 'restart', probe: 'liveness' });
  });

  it('counts a probe that throws (a timeout, a broken exec) as a failure', async () => {
    const h = harness({ readiness: spec({ failureThreshold: 1 }) }, (_, now) =>
      now === 0 ? true : new Error('timed out after 1 s'),
    );
    h.scheduler.start();
    await h.clock.advance(0);
    expect(h.scheduler.isReady).toBe(true);
    await h.clock.advance(10_000);
    expect(h.scheduler.isReady).toBe(false);
    expect(h.events.at(-1)).toEqual({ type: 'not-ready', detail: 'timed out after 1 s' });
  });

  it('stops probing and turns NotReady when stopped', async () => {
    const h = harness({ readiness: spec() }, () => true);
    h.scheduler.start();
    await h.clock.advance(0);
    h.scheduler.stop();
    const calls = h.calls.length;
    await h.clock.advance(60_000);
    expect(h.calls.length).toBe(calls);
    expect(h.scheduler.isReady).toBe(false);
  });
});
