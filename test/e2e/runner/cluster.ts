// The runner's entry: the objects of a built base in, its StatefulSets running on the Docker engine,
// every pod transition printed. `down` removes the containers and networks; the claim volumes stay,
// as PVCs outlive their StatefulSet, unless asked to go (`removeVolumes`).
import { realClock, type Clock } from './clock.ts';
import { DockerDriver, type DockerCli } from './docker.ts';
import { formatEvent, type EventSink } from './events.ts';
import type { K8sObject } from './objects.ts';
import { planStatefulSets } from './plan.ts';
import { StatefulSetRunner, type Timeouts } from './statefulset.ts';

export interface ClusterOptions {
  readonly cli: DockerCli;
  /** Labels everything this run creates, so its leftovers can be found and removed. */
  readonly runId: string;
  readonly sink?: EventSink;
  readonly clock?: Clock;
}

export class LocalCluster {
  readonly driver: DockerDriver;
  private readonly clock: Clock;
  private readonly sink: EventSink;
  private readonly started: number;
  private readonly sets = new Map<string, StatefulSetRunner>();

  constructor(options: ClusterOptions) {
    this.driver = new DockerDriver(options.cli, options.runId);
    this.clock = options.clock ?? realClock;
    this.sink = options.sink ?? ((event) => console.log(formatEvent(event)));
    this.started = this.clock.now();
  }

  /** `kubectl apply` of a built base (plus Secrets the operator made), then waits for every pod Ready. */
  async apply(objects: readonly K8sObject[], timeouts: Timeouts): Promise<StatefulSetRunner[]> {
    const plans = planStatefulSets(objects);
    const runners = plans.map((plan) => {
      if (this.sets.has(plan.name)) throw new Error(`StatefulSet ${plan.name} is already running`);
      const runner = new StatefulSetRunner(plan, this.driver, this.clock, this.sink, this.started);
      this.sets.set(plan.name, runner);
      return runner;
    });
    for (const namespace of new Set(plans.map((plan) => plan.namespace)))
      await this.driver.ensureNetwork(namespace);
    await Promise.all(runners.map((runner) => runner.up(timeouts)));
    return runners;
  }

  statefulSet(name: string): StatefulSetRunner {
    const found = this.sets.get(name);
    if (!found) throw new Error(`no StatefulSet ${name} applied`);
    return found;
  }

  exec(pod: string, command: readonly string[], timeoutMs?: number) {
    return this.driver.exec(pod, command, timeoutMs);
  }

  /** Every claim volume the applied StatefulSets use. */
  claimVolumes(): string[] {
    return [...this.sets.values()].flatMap((set) =>
      set.pods.flatMap((pod) =>
        pod.plan.volumes.flatMap((volume) => (volume.kind === 'claim' ? [volume.volume] : [])),
      ),
    );
  }

  /**
   * Deletes every StatefulSet's pods, then the run's containers and networks. `gracePeriodSeconds`
   * overrides the pods' (`kubectl delete --grace-period=0 --force` for a cluster whose volumes go too:
   * three KRaft nodes stopped together wait out their grace period for a quorum that has left).
   */
  async down(
    options: { removeVolumes: boolean; gracePeriodSeconds?: number } = { removeVolumes: false },
  ): Promise<void> {
    const volumes = this.claimVolumes();
    await Promise.all(
      [...this.sets.values()].map((set) => set.down(options.gracePeriodSeconds).catch(() => {})),
    );
    this.sets.clear();
    await this.driver.removeAll({ volumes: options.removeVolumes ? volumes : [] });
  }
}
