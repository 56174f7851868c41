// The StatefulSet controller's part: pods created in ordinal order, each only once the one before is
// Ready (OrderedReady) or all at once (Parallel); a deleted pod recreated with the same name, identity
// and claims; a rolling update replacing pods from the highest ordinal down to the partition, each only
// once every pod is Ready again (the controller's gate, whatever the pod management policy).
import type { Clock } from './clock.ts';
import type { EventSink } from './events.ts';
import type { StatefulSetPlan } from './plan.ts';
import { PodRunner, type PodDriver } from './pod.ts';

export interface Timeouts {
  /** How long one pod may take to become Ready. */
  readonly readyMs: number;
}

export class StatefulSetRunner {
  private planned: StatefulSetPlan;
  readonly pods: readonly PodRunner[];

  constructor(plan: StatefulSetPlan, driver: PodDriver, clock: Clock, sink: EventSink, started: number) {
    this.planned = plan;
    this.pods = plan.pods.map((pod) => new PodRunner(pod, driver, clock, sink, started));
  }

  get plan(): StatefulSetPlan {
    return this.planned;
  }

  get name(): string {
    return this.planned.name;
  }

  pod(ordinal: number): PodRunner {
    const pod = this.pods[ordinal];
    if (!pod) throw new Error(`${this.name} has no pod ${ordinal} (replicas ${this.pods.length})`);
    return pod;
  }

  /** Creates every pod as the controller would, and returns once all are Ready. */
  async up(timeouts: Timeouts): Promise<void> {
    if (this.planned.podManagementPolicy === 'OrderedReady') {
      for (const pod of this.pods) {
        await pod.start();
        await pod.waitReady(timeouts.readyMs);
      }
      return;
    }
    await Promise.all(this.pods.map((pod) => pod.start()));
    await this.waitAllReady(timeouts);
  }

  async waitAllReady(timeouts: Timeouts): Promise<void> {
    await Promise.all(this.pods.map((pod) => pod.waitReady(timeouts.readyMs)));
  }

  /** "kubectl delete pod <sts>-<ordinal>": the controller recreates it at once, same name and claims. */
  async deletePod(ordinal: number, timeouts: Timeouts): Promise<number> {
    const pod = this.pod(ordinal);
    await pod.delete();
    const begun = Date.now();
    await pod.start();
    await pod.waitReady(timeouts.readyMs);
    return Date.now() - begun;
  }

  /**
   * A rolling update to `next` (the same plan for a restart, as `kubectl rollout restart` does): from the
   * highest ordinal down to the partition, one pod at a time, each after all pods are Ready.
   */
  async rollingUpdate(timeouts: Timeouts, next: StatefulSetPlan = this.planned): Promise<void> {
    if (next.pods.length !== this.pods.length)
      throw new Error(`${this.name}: scaling is not imitated by the runner`);
    this.planned = next;
    if (next.updateStrategy === 'OnDelete') return;
    for (let ordinal = this.pods.length - 1; ordinal >= next.partition; ordinal--) {
      await this.waitAllReady(timeouts);
      const pod = this.pod(ordinal);
      await pod.delete();
      await pod.start(next.pods[ordinal]!);
      await pod.waitReady(timeouts.readyMs);
    }
  }

  /** All pods deleted together (deleting a StatefulSet orders nothing), with their grace period or `gracePeriodSeconds`. */
  async down(gracePeriodSeconds?: number): Promise<void> {
    await Promise.all(this.pods.map((pod) => pod.delete(gracePeriodSeconds)));
  }
}
