// The kubelet's probe workers for one container (pkg/kubelet/prober/worker.go), as pure logic over an
// injectable clock and executor:
// - after each (re)start the container is not Ready; a startupProbe, when declared, runs alone until it
//   succeeds (liveness and readiness are held off), and failing failureThreshold times in a row restarts
//   the container;
// - readiness: successThreshold successes in a row → Ready, failureThreshold failures → NotReady; no
//   readiness probe means Ready as soon as the container runs (and its startupProbe passed);
// - liveness: failureThreshold failures in a row → restart; no liveness probe never restarts;
// - each probe waits initialDelaySeconds after the start, then runs every periodSeconds; a probe that
//   throws or times out (the executor enforces timeoutSeconds) is a failure.
// Every transition is an event; the runner prints them.
import type { Clock } from './clock.ts';
import type { ProbeSpec } from './probe-spec.ts';

export type ProbeName = 'startup' | 'readiness' | 'liveness';

export interface ProbeResult {
  readonly ok: boolean;
  /** Why (an HTTP status, an exit code and output, a timeout). */
  readonly detail: string;
}

export type ProbeExecutor = (probe: ProbeName, spec: ProbeSpec) => Promise<ProbeResult>;

export type ProbeEvent =
  | {
      readonly type: 'probe-failed';
      readonly probe: ProbeName;
      readonly failures: number;
      readonly threshold: number;
      readonly detail: string;
    }
  | { readonly type: 'startup-succeeded' }
  | { readonly type: 'ready' }
  | { readonly type: 'not-ready'; readonly detail: string }
  | { readonly type: 'restart'; readonly probe: ProbeName; readonly detail: string };

export interface ProbeSchedulerOptions {
  readonly probes: {
    readonly startup?: ProbeSpec;
    readonly readiness?: ProbeSpec;
    readonly liveness?: ProbeSpec;
  };
  readonly clock: Clock;
  readonly execute: ProbeExecutor;
  readonly emit: (event: ProbeEvent) => void;
  /** Kills and starts the container again (the kubelet's restart); the scheduler starts over after it. */
  readonly restart: (reason: string) => Promise<void>;
}

interface Counter {
  successes: number;
  failures: number;
}

export class ProbeScheduler {
  private ready = false;
  /** Bumped at each (re)start and stop, so results of probes begun before it are dropped. */
  private generation = 0;
  private cancels = new Map<ProbeName, () => void>();
  private counters = new Map<ProbeName, Counter>();

  private readonly options: ProbeSchedulerOptions;

  constructor(options: ProbeSchedulerOptions) {
    this.options = options;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The container has just (re)started. */
  start(): void {
    this.cancelAll();
    this.generation++;
    this.counters = new Map();
    this.setReady(false, 'container started');
    if (this.options.probes.startup) this.schedule('startup', this.options.probes.startup);
    else this.afterStartup();
  }

  /** The container is going away: no more probes, not Ready. */
  stop(): void {
    this.cancelAll();
    this.generation++;
    this.setReady(false, 'container stopping');
  }

  private afterStartup(): void {
    const { readiness, liveness } = this.options.probes;
    if (readiness) this.schedule('readiness', readiness);
    else this.setReady(true);
    if (liveness) this.schedule('liveness', liveness);
  }

  private schedule(probe: ProbeName, spec: ProbeSpec): void {
    // Delays count from the container's start: a probe held off by startup has often waited enough.
    this.tick(probe, spec, this.generation, spec.initialDelaySeconds * 1000);
  }

  private tick(probe: ProbeName, spec: ProbeSpec, generation: number, delayMs: number): void {
    const cancel = this.options.clock.after(delayMs, () => {
      void this.run(probe, spec, generation);
    });
    this.cancels.set(probe, cancel);
  }

  private async run(probe: ProbeName, spec: ProbeSpec, generation: number): Promise<void> {
    if (generation !== this.generation) return;
    const begun = this.options.clock.now();
    let result: ProbeResult;
    try {
      result = await this.options.execute(probe, spec);
    } catch (error) {
      result = { ok: false, detail: (error as Error).message };
    }
    if (generation !== this.generation) return;
    const next = Math.max(0, begun + spec.periodSeconds * 1000 - this.options.clock.now());
    const counter = this.counters.get(probe) ?? { successes: 0, failures: 0 };
    this.counters.set(probe, counter);
    if (result.ok) {
      counter.successes++;
      counter.failures = 0;
    } else {
      counter.failures++;
      counter.successes = 0;
      this.options.emit({
        type: 'probe-failed',
        probe,
        failures: counter.failures,
        threshold: spec.failureThreshold,
        detail: result.detail,
      });
    }
    switch (probe) {
      case 'startup':
        // startupProbe's successThreshold must be 1 (API validation): one success ends it.
        if (result.ok) {
          this.options.emit({ type: 'startup-succeeded' });
          this.afterStartup();
          return;
        }
        if (counter.failures >= spec.failureThreshold) return this.restart(probe, result.detail);
        break;
      case 'liveness':
        if (!result.ok && counter.failures >= spec.failureThreshold)
          return this.restart(probe, result.detail);
        break;
      case 'readiness':
        if (result.ok && counter.successes >= spec.successThreshold) this.setReady(true);
        if (!result.ok && counter.failures >= spec.failureThreshold) this.setReady(false, result.detail);
        break;
    }
    this.tick(probe, spec, generation, next);
  }

  private async restart(probe: ProbeName, detail: string): Promise<void> {
    this.stop();
    this.options.emit({ type: 'restart', probe, detail });
    await this.options.restart(`${probe} probe failed: ${detail}`);
    this.start();
  }

  private setReady(ready: boolean, detail = ''): void {
    if (ready === this.ready) return;
    this.ready = ready;
    this.options.emit(ready ? { type: 'ready' } : { type: 'not-ready', detail });
  }

  private cancelAll(): void {
    for (const cancel of this.cancels.values()) cancel();
    this.cancels.clear();
  }
}
