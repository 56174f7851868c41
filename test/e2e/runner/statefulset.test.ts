// The StatefulSet controller's order (OrderedReady, Parallel, rolling update, delete pod) and the
// kubelet's restarts, over a fake container runtime whose probes the test scripts. Time runs 200× faster
// than the plans say (a scaled clock), so a 1 s probe period takes 5 ms.
import { describe, expect, it } from 'vitest';
import type { Clock } from './clock.ts';
import type { RunnerEvent } from './events.ts';
import type { PodDriver } from './pod.ts';
import type { PodPlan, StatefulSetPlan } from './plan.ts';
import type { ProbeSpec } from './probe-spec.ts';
import { StatefulSetRunner } from './statefulset.ts';

const SPEED = 200;
const scaledClock: Clock = {
  now: () => Date.now() * SPEED,
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms / SPEED);
    return () => clearTimeout(timer);
  },
};

const readiness: ProbeSpec = {
  action: { kind: 'http', path: '/readyz', port: 9141, scheme: 'HTTP' },
  initialDelaySeconds: 0,
  periodSeconds: 1,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 1,
};

function podPlan(ordinal: number, image = 'img:1', probes: PodPlan['probes'] = { readiness }): PodPlan {
  const name = `zk-${ordinal}`;
  return {
    namespace: 'default',
    statefulSet: 'zk',
    ordinal,
    name,
    domain: 'zk-svc.default.svc.cluster.local',
    aliases: [],
    dnsSearch: [],
    labels: {},
    container: 'zookeeper',
    image,
    env: new Map([['POD_INDEX', String(ordinal)]]),
    ports: [],
    groups: [],
    runAsNonRoot: true,
    readOnlyRootFilesystem: true,
    noNewPrivileges: true,
    capDrop: ['ALL'],
    capAdd: [],
    seccompUnconfined: false,
    volumes: [{ kind: 'claim', volume: `datadir-${name}`, mountPath: '/data', readOnly: false }],
    terminationGracePeriodSeconds: 30,
    probes,
  };
}

function setPlan(
  policy: StatefulSetPlan['podManagementPolicy'],
  image?: string,
  probes?: PodPlan['probes'],
): StatefulSetPlan {
  return {
    namespace: 'default',
    name: 'zk',
    serviceName: 'zk-svc',
    podManagementPolicy: policy,
    updateStrategy: 'RollingUpdate',
    partition: 0,
    pods: [0, 1, 2].map((ordinal) => podPlan(ordinal, image, probes)),
  };
}

/** A runtime whose readiness answers `healthy(pod)`; it logs every call as `<verb> <pod>`. */
function fakeRuntime(healthy: (pod: string) => boolean = () => true) {
  const calls: string[] = [];
  const running = new Map<string, boolean>();
  const created: PodPlan[] = [];
  const deleted: PodPlan[] = [];
  const driver: PodDriver = {
    create: async (plan) => {
      calls.push(`create ${plan.name}`);
      created.push(plan);
      running.set(plan.name, true);
    },
    delete: async (plan) => {
      calls.push(`delete ${plan.name}`);
      deleted.push(plan);
      running.delete(plan.name);
    },
    restart: async (plan) => {
      calls.push(`restart ${plan.name}`);
      running.set(plan.name, true);
    },
    start: async (plan) => {
      calls.push(`start ${plan.name}`);
      running.set(plan.name, true);
    },
    state: async (name) => ({
      exists: running.has(name),
      running: running.get(name) ?? false,
      exitCode: 0,
      startedAt: '',
    }),
    probe: async (plan) => (healthy(plan.name) ? { ok: true, detail: '200' } : { ok: false, detail: '503' }),
    logs: async () => '',
  };
  return { driver, calls, created, deleted, running };
}

function runner(plan: StatefulSetPlan, driver: PodDriver) {
  const events: RunnerEvent[] = [];
  const sts = new StatefulSetRunner(
    plan,
    driver,
    scaledClock,
    (event) => events.push(event),
    scaledClock.now(),
  );
  const lines = () => events.map((event) => `${event.type} ${event.pod}`);
  return { sts, events, lines };
}

const timeouts = { readyMs: 5_000 };

describe('local StatefulSet controller', () => {
  it('OrderedReady: creates each pod only once the one before it is Ready', async () => {
    // zk-0 turns ready only after a while: zk-1 must wait for it.
    const begun = Date.now();
    const runtime = fakeRuntime((pod) => pod !== 'zk-0' || Date.now() - begun > 100);
    const { sts, lines } = runner(setPlan('OrderedReady'), runtime.driver);
    await sts.up(timeouts);
    const log = lines();
    expect(log.indexOf('Created zk-1')).toBeGreaterThan(log.indexOf('Ready zk-0'));
    expect(log.indexOf('Created zk-2')).toBeGreaterThan(log.indexOf('Ready zk-1'));
    expect(sts.pods.every((pod) => pod.ready)).toBe(true);
    await sts.down();
  });

  it('Parallel: creates every pod without waiting for any to be Ready', async () => {
    const runtime = fakeRuntime(() => false);
    const { sts } = runner(setPlan('Parallel'), runtime.driver);
    await expect(sts.up({ readyMs: 100 })).rejects.toThrow(/not Ready/);
    expect(runtime.calls.slice(0, 3)).toEqual(['create zk-0', 'create zk-1', 'create zk-2']);
    await sts.down();
  });

  it('rolling update: replaces pods from the highest ordinal down, each after all are Ready', async () => {
    const runtime = fakeRuntime();
    const { sts, lines } = runner(setPlan('Parallel'), runtime.driver);
    await sts.up(timeouts);
    runtime.calls.length = 0;
    await sts.rollingUpdate(timeouts, setPlan('Parallel', 'img:2'));
    expect(runtime.calls).toEqual([
      'delete zk-2',
      'create zk-2',
      'delete zk-1',
      'create zk-1',
      'delete zk-0',
      'create zk-0',
    ]);
    const log = lines();
    const lastReady = (pod: string) => log.lastIndexOf(`Ready ${pod}`);
    expect(log.lastIndexOf('Killing zk-1')).toBeGreaterThan(lastReady('zk-2'));
    expect(log.lastIndexOf('Killing zk-0')).toBeGreaterThan(lastReady('zk-1'));
    expect(runtime.created.slice(-3).map((plan) => plan.image)).toEqual(['img:2', 'img:2', 'img:2']);
    await sts.down();
  });

  it('delete pod: recreates it with the same name, identity and claim volume', async () => {
    const runtime = fakeRuntime();
    const { sts } = runner(setPlan('Parallel'), runtime.driver);
    await sts.up(timeouts);
    await sts.deletePod(1, timeouts);
    const zk1 = runtime.created.filter((plan) => plan.name === 'zk-1');
    expect(zk1.length).toBe(2);
    expect(zk1[1]!.env.get('POD_INDEX')).toBe('1');
    expect(zk1[1]!.volumes).toEqual(zk1[0]!.volumes);
    expect(runtime.calls).toContain('delete zk-1');
    expect(sts.pod(1).ready).toBe(true);
    await sts.down();
  });

  it('restarts a container whose liveness probe fails past its threshold, in place', async () => {
    let alive = true;
    const runtime = fakeRuntime(() => alive);
    const liveness = { ...readiness, failureThreshold: 2 };
    const { sts, lines } = runner(setPlan('Parallel', 'img:1', { readiness, liveness }), runtime.driver);
    await sts.up(timeouts);
    alive = false;
    await new Promise((resolve) => setTimeout(resolve, 40));
    alive = true;
    expect(runtime.calls).toContain('restart zk-0');
    expect(lines()).toContain('Restarted zk-0');
    await sts.pod(0).waitReady(timeouts.readyMs);
    await sts.down();
  });

  it('starts a container that exited again after a back-off (restartPolicy Always)', async () => {
    const runtime = fakeRuntime();
    const { sts, lines } = runner(setPlan('Parallel', 'img:1', {}), runtime.driver);
    await sts.up(timeouts);
    runtime.running.set('zk-2', false);
    // The watch looks every 2 s and the first back-off is 10 s: about 60 ms at this speed.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(lines()).toContain('BackOff zk-2');
    expect(runtime.calls).toContain('start zk-2');
    expect(sts.pod(2).restarts).toBe(1);
    await sts.down();
  });

  it('down: stops every pod with its grace period, or with the one given (kubectl delete --grace-period)', async () => {
    const runtime = fakeRuntime();
    const { sts, lines } = runner(setPlan('Parallel'), runtime.driver);
    await sts.up(timeouts);
    await sts.pod(2).delete();
    await sts.pod(2).start();
    await sts.down(0);
    expect(runtime.deleted.map((plan) => [plan.name, plan.terminationGracePeriodSeconds])).toEqual([
      ['zk-2', 30],
      ['zk-0', 0],
      ['zk-1', 0],
      ['zk-2', 0],
    ]);
    expect(lines().filter((line) => line.startsWith('Killing'))).toHaveLength(4);
  });
});

describe('a pod removed from outside the runner', () => {
  it('is created again with its claims, as the controller recreates a deleted pod, and the run goes on', async () => {
    const runtime = fakeRuntime();
    const { sts, lines } = runner(setPlan('Parallel'), runtime.driver);
    await sts.up(timeouts);
    // `docker rm -f zk-1`: gone without the runner knowing; a restart of it now fails as docker's does.
    runtime.running.delete('zk-1');
    const restart = runtime.driver.restart;
    runtime.driver.restart = async (plan) => {
      if (!runtime.running.has(plan.name)) throw new Error(`Error: No such container: ${plan.name}`);
      return restart(plan);
    };
    const deadline = Date.now() + 2_000;
    while (!lines().includes('Created zk-1', lines().indexOf('Deleted zk-1')) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lines()).toContain('Deleted zk-1');
    expect(runtime.created.filter((plan) => plan.name === 'zk-1')).toHaveLength(2);
    expect(runtime.created.at(-1)?.volumes).toEqual(setPlan('Parallel').pods[1]!.volumes);
    await sts.pods[1]!.waitReady(2_000);
    await sts.down();
  });
});
