// One pod as the kubelet keeps it: its container started from the plan, probed by a ProbeScheduler,
// restarted in place when liveness or startup says so or when it exits (restartPolicy Always, with
// the kubelet's CrashLoopBackOff: 10 s doubling to 5 min), and deleted with its grace period.
import type { Clock } from './clock.ts';
import type { DockerDriver } from './docker.ts';
import { describeProbeEvent, type EventSink } from './events.ts';
import type { PodPlan } from './plan.ts';
import { ProbeScheduler } from './probes.ts';

/** What a pod needs of the container runtime (DockerDriver; a fake in the controller's tests). */
export type PodDriver = Pick<
  DockerDriver,
  'create' | 'delete' | 'restart' | 'start' | 'state' | 'probe' | 'logs'
>;

const WATCH_MS = 2_000;
const BACKOFF_FIRST_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;

export class PodRunner {
  private planned: PodPlan;
  private readonly driver: PodDriver;
  private readonly clock: Clock;
  private readonly sink: EventSink;
  private readonly started: number;
  private scheduler: ProbeScheduler | undefined;
  /** Bumped when the pod is deleted, so a watch tick in flight does not outlive it. */
  private incarnation = 0;
  /** Set while the runner itself stops or restarts the container, so the watch does not count it as a crash. */
  private busy = false;
  private backoffMs = BACKOFF_FIRST_MS;
  restarts = 0;

  constructor(plan: PodPlan, driver: PodDriver, clock: Clock, sink: EventSink, started: number) {
    this.planned = plan;
    this.driver = driver;
    this.clock = clock;
    this.sink = sink;
    this.started = started;
  }

  get plan(): PodPlan {
    return this.planned;
  }

  get name(): string {
    return this.planned.name;
  }

  get ready(): boolean {
    return this.scheduler?.isReady ?? false;
  }

  report(type: string, message = ''): void {
    this.sink({ at: this.clock.now() - this.started, pod: this.planned.name, type, message });
  }

  /** Creates the container (from `plan` when a rolling update brings a new one) and starts probing. */
  async start(plan: PodPlan = this.planned): Promise<void> {
    this.planned = plan;
    this.restarts = 0;
    this.backoffMs = BACKOFF_FIRST_MS;
    await this.driver.create(plan);
    this.report('Created', `${plan.image}; claims: ${this.claims() || 'none'}`);
    this.scheduler = this.newScheduler();
    this.scheduler.start();
    this.watch(this.incarnation);
  }

  /**
   * "kubectl delete pod": SIGTERM, the grace period, SIGKILL, and the container is gone; its claims stay.
   * `gracePeriodSeconds` overrides the pod's, as `kubectl delete --grace-period` does (0: killed at once).
   */
  async delete(gracePeriodSeconds = this.planned.terminationGracePeriodSeconds): Promise<void> {
    this.incarnation++;
    this.busy = true;
    this.scheduler?.stop();
    this.report('Killing', `stopping with a ${gracePeriodSeconds} s grace period`);
    try {
      await this.driver.delete({ ...this.planned, terminationGracePeriodSeconds: gracePeriodSeconds });
      this.report('Deleted');
    } finally {
      this.busy = false;
    }
  }

  async waitReady(timeoutMs: number): Promise<number> {
    const begun = Date.now();
    while (!this.ready) {
      if (Date.now() - begun > timeoutMs)
        throw new Error(
          `${this.name} not Ready after ${timeoutMs} ms; its log:\n${await this.driver.logs(this.name)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return Date.now() - begun;
  }

  private newScheduler(): ProbeScheduler {
    return new ProbeScheduler({
      probes: this.planned.probes,
      clock: this.clock,
      execute: (_, spec) => this.driver.probe(this.planned, spec),
      emit: (event) => {
        const { type, message } = describeProbeEvent(event);
        this.report(type, message);
      },
      // Never rejects: a container removed from outside (`docker rm -f`) fails the restart with "No such
      // container", which the watch below answers by creating the pod again, as the controller would.
      restart: async () => {
        this.busy = true;
        try {
          await this.driver.restart(this.planned);
          this.restarts++;
          this.report('Restarted', `restart ${this.restarts}`);
        } catch (error) {
          this.report('Failed', `restart: ${(error as Error).message.split('\n')[0]}`);
        } finally {
          this.busy = false;
        }
      },
    });
  }

  private claims(): string {
    return this.planned.volumes
      .flatMap((volume) => (volume.kind === 'claim' ? [volume.volume] : []))
      .join(', ');
  }

  private watch(incarnation: number): void {
    const tick = async (): Promise<void> => {
      if (incarnation !== this.incarnation) return;
      if (!this.busy) {
        const state = await this.driver.state(this.name);
        if (incarnation !== this.incarnation) return;
        if (!state.exists && !this.busy) return this.vanished();
        if (state.exists && !state.running && !this.busy) await this.crashed(state.exitCode, incarnation);
      }
      if (incarnation === this.incarnation) this.clock.after(WATCH_MS, () => void guarded());
    };
    // A failed tick is reported, never an unhandled rejection that would end the whole run.
    const guarded = () =>
      tick().catch((error: Error) => {
        this.report('Failed', error.message.split('\n')[0]);
        if (incarnation === this.incarnation) this.clock.after(WATCH_MS, () => void guarded());
      });
    this.clock.after(WATCH_MS, () => void guarded());
  }

  /**
   * The container was removed from outside the runner (`docker rm -f`, the nearest thing to
   * `kubectl delete pod`): the StatefulSet controller creates the pod again with the same name and claims.
   */
  private async vanished(): Promise<void> {
    this.incarnation++;
    this.scheduler?.stop();
    this.report('Deleted', 'the container was removed outside the runner; creating the pod again');
    await this.start(this.planned);
  }

  private async crashed(exitCode: number, incarnation: number): Promise<void> {
    this.busy = true;
    this.scheduler?.stop();
    this.report('BackOff', `exited with code ${exitCode}; starting again in ${this.backoffMs / 1000} s`);
    try {
      await new Promise<void>((resolve) => this.clock.after(this.backoffMs, resolve));
      this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
      if (incarnation !== this.incarnation) return;
      await this.driver.start(this.planned);
      this.restarts++;
      this.report('Restarted', `restart ${this.restarts} after exit code ${exitCode}`);
      this.scheduler?.start();
    } finally {
      this.busy = false;
    }
  }
}
