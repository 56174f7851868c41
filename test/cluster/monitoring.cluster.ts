// manifests/monitoring on a real cluster, for real: manifests/zookeeper and manifests/kafka (ZooKeeper
// mode) in a namespace of the suite's own, `kubectl apply -k manifests/monitoring` there, and the
// Prometheus Operator and the Prometheus that `npm run cluster -- up` installs (tools/cluster/monitoring:
// one Prometheus on the control-plane node selecting every namespace's PodMonitors and PrometheusRules).
// Asked through the API server's service proxy (no port to forward).
//
// First the manifests as written: the operator turns the PodMonitors into one target per agent pod,
// each up with the labels the rules group by, and loads the PrometheusRule's groups with their real
// `for:` windows. Then, to keep to minutes, the same rules with every `for:` divided by FOR_SCALE
// (a PrometheusRule of another name; the original is deleted) and the PodMonitors with a 10 s interval:
// nothing fires on the healthy cluster, and real faults fire the alerts that cover them, with labels
// naming the right pod and namespace, and clear once healed:
//  - a worker node frozen (`docker pause` of its kind node: its kubelet, its pods' agents and servers
//    stop, as a hung machine): StatefulSetAgentDown for its ZooKeeper follower and broker, partitions
//    under-replicated and, for a topic whose only replica is there, offline;
//  - the JVMs of two brokers stopped (SIGSTOP: a hung broker, its agent still answering; liveness is
//    the process, so the kubelet leaves it): KafkaUnderMinIsrPartitions on the broker left; then the
//    third one too: KafkaNoActiveController;
//  - the JVMs of two ZooKeeper followers stopped: ZooKeeperQuorumLost and the leader not serving.
// Only the alerts of this namespace's own rule file with this namespace's label count: other suites may
// run the same rules, which Prometheus evaluates over every namespace's series.
// Not triggered: KafkaConsumerLagGrowing (load, not a pod fault); covered by `promtool test rules`.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineEnv } from '../../tools/cluster/engine.ts';
import { kubectl, kubectlRun, namespace, waitFor } from '../../tools/cluster/kubectl.ts';
import {
  MONITORING_NAMESPACE,
  PROMETHEUS_NAME,
  PROMETHEUS_PROXY,
} from '../../tools/cluster/monitoring/index.ts';
import { TOOL_ENV } from '../../tools/harness/kafka-tools.ts';
import { build, type K8sObject } from '../../tools/manifests.ts';
import type { Alert, PodMonitor, Target } from './lib/prometheus-api.ts';
import { durationSeconds, scaleForWindows, type RuleGroup } from './lib/scaled-time.ts';
import { allReady, signalJavaScript, zkModes } from './lib/pods.ts';

/** 1m → 3 s, 2m → 6 s, 10m → 30 s. */
const FOR_SCALE = 20;
// The PodMonitors' own 10 s timeout kept, their 30 s interval shortened: the agent of a hung broker
// answers within its deadlines (JMX, then Metadata, 1 s each), and once took more than 4 s here.
const SCRAPE_INTERVAL = '10s';
const SCRAPE_TIMEOUT = '10s';
const RULE_INTERVAL = '2s';
const RULE = 'statefulset-agents';
const SCALED_RULE = 'statefulset-agents-scaled';
const ZK = ['zk-0', 'zk-1', 'zk-2'];
const KAFKA = ['kafka-0', 'kafka-1', 'kafka-2'];
const ALERT_TIMEOUT_MS = 240_000;

let ns: Awaited<ReturnType<typeof namespace>>;
const k = (args: readonly string[], timeoutMs?: number, input?: string) =>
  kubectl(['-n', ns.name, ...args], timeoutMs, input);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
/** Each fault's alerts: seconds to firing and to clear, printed at the end. */
const timings: string[] = [];
/** Kind nodes paused and pods whose server JVM is stopped: resumed whatever happens. */
const paused = new Set<string>();
const stopped = new Set<string>();
let appliedAt = 0;

interface RuleStatus {
  readonly type: 'alerting' | 'recording';
  readonly name: string;
  readonly duration?: number;
  readonly health: string;
  readonly lastError?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly alerts?: readonly Alert[];
}

interface GroupStatus {
  readonly name: string;
  readonly file: string;
  readonly interval: number;
  readonly rules: readonly RuleStatus[];
}

async function api<T>(path: string): Promise<T> {
  const raw = await kubectl(['get', '--raw', `${PROMETHEUS_PROXY}${path}`], 30_000);
  const body = JSON.parse(raw) as { status: string; error?: string; data: T };
  if (body.status !== 'success') throw new Error(`GET ${path}: ${body.error}`);
  return body.data;
}

async function query(expression: string): Promise<{ metric: Record<string, string>; value: number }[]> {
  const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
    `/api/v1/query?query=${encodeURIComponent(expression)}`,
  );
  return data.result.map((sample) => ({ metric: sample.metric, value: Number(sample.value[1]) }));
}

/** This namespace's active targets. */
async function targets(): Promise<(Target & { scrapeInterval?: string })[]> {
  const data = await api<{ activeTargets: (Target & { scrapeInterval?: string })[] }>(
    '/api/v1/targets?state=active',
  );
  return data.activeTargets.filter((target) => target.labels.namespace === ns.name);
}

/** The rule file the operator writes for a PrometheusRule: <namespace>-<name>-<uid>.yaml. */
async function ruleFile(name: string): Promise<string> {
  const uid = await k(['get', 'prometheusrule', name, '-o', 'jsonpath={.metadata.uid}']);
  return `${ns.name}-${name}-${uid}.yaml`;
}

async function groupsOf(file: string): Promise<GroupStatus[]> {
  const data = await api<{ groups: GroupStatus[] }>('/api/v1/rules');
  return data.groups.filter((group) => group.file.endsWith(`/${file}`));
}

let scaledFile = '';

/**
 * The alerts pending or firing from this namespace's scaled rules, about this namespace. Throws while
 * the rule file's groups are not all listed (as during a reload), which must not read as "none".
 */
async function alerts(): Promise<Alert[]> {
  const groups = await groupsOf(scaledFile);
  if (groups.length !== 3) throw new Error(`${scaledFile}: ${groups.length} groups listed`);
  return groups
    .flatMap((group) => group.rules.flatMap((rule) => rule.alerts ?? []))
    .filter((alert) => alert.labels.namespace === ns.name);
}

/** The alerts named `name` once at least one fires and `matches` holds for them. */
async function firing(
  name: string,
  since: number,
  matches: (alerts: Alert[]) => boolean = () => true,
): Promise<Alert[]> {
  let all: Alert[] = [];
  const found = await waitFor(`${name} firing`, ALERT_TIMEOUT_MS, async () => {
    all = await alerts();
    const named = all.filter((alert) => alert.labels.alertname === name && alert.state === 'firing');
    return named.length > 0 && matches(named) ? named : undefined;
  }).catch((error: Error) => {
    throw new Error(
      `${error.message}; active:\n${all.map((a) => `${a.state} ${JSON.stringify(a.labels)}`).join('\n')}`,
    );
  });
  timings.push(`${name} fired after ${seconds(since)}`);
  return found;
}

/** Until no alert of this namespace is pending or firing; each of `names` timed as it goes. */
async function allClear(since: number, names: readonly string[]): Promise<void> {
  const active = new Set(names);
  let left: Alert[] = [];
  await waitFor('no alert active after the heal', ALERT_TIMEOUT_MS, async () => {
    left = await alerts();
    for (const name of [...active].filter((n) => !left.some((alert) => alert.labels.alertname === n))) {
      active.delete(name);
      timings.push(`${name} cleared ${seconds(since)} after the heal`);
    }
    return left.length === 0 ? true : undefined;
  }).catch((error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify(left.map((alert) => alert.labels))}`);
  });
}

/** `name` firing once, for the whole ensemble or cluster `instance` of this namespace, critical. */
async function firingFor(name: string, since: number, instance: string): Promise<void> {
  const list = await firing(name, since);
  expect(list.map((alert) => alert.labels)).toEqual([
    expect.objectContaining({
      namespace: ns.name,
      app_kubernetes_io_instance: instance,
      severity: 'critical',
    }),
  ]);
}

const podsOf = (list: readonly Alert[]) => [...new Set(list.map((alert) => alert.labels.pod ?? ''))].sort();

function docker(args: readonly string[]): void {
  execFileSync('/usr/bin/docker', args, { env: engineEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
}

/** SIGSTOP or SIGCONT to the server's JVM in `pod` (the container's only `java`), until it is sent. */
async function signalJava(pod: string, signal: 'STOP' | 'CONT'): Promise<void> {
  const script = signalJavaScript(signal);
  if (signal === 'STOP') stopped.add(pod);
  await waitFor(`SIG${signal} to the JVM of ${pod}`, 120_000, async () => {
    const run = await kubectlRun(['-n', ns.name, 'exec', pod, '--', 'sh', '-c', script], 30_000);
    return run.status === 0 && /^\d+$/.test(run.stdout.trim()) ? true : undefined;
  });
  if (signal === 'CONT') stopped.delete(pod);
}

/** The node each pod of the namespace runs on. */
async function nodesOfPods(): Promise<Record<string, string>> {
  const list = JSON.parse(await k(['get', 'pods', '-o', 'json'])) as {
    items: { metadata: { name: string }; spec: { nodeName: string } }[];
  };
  return Object.fromEntries(list.items.map((pod) => [pod.metadata.name, pod.spec.nodeName]));
}

/** The broker whose agent reports the active controller, and the ZooKeeper leader, as Prometheus sees them. */
async function roles(): Promise<{ controller: string; leader: string }> {
  return waitFor('one active controller and one ZooKeeper leader', 120_000, async () => {
    const controllers = await query(`kafka_controller_active_controllers{namespace="${ns.name}"} == 1`);
    const leaders = await query(`zookeeper_server_state{namespace="${ns.name}",state="leader"} == 1`);
    if (controllers.length !== 1 || leaders.length !== 1) return undefined;
    return { controller: controllers[0]!.metric.pod!, leader: leaders[0]!.metric.pod! };
  });
}

async function kafkaTool(args: readonly string[]): Promise<string> {
  return k(['exec', 'kafka-0', '--', ...TOOL_ENV, ...args, '--bootstrap-server', 'localhost:9092'], 120_000);
}

async function resumeEverything(): Promise<void> {
  for (const node of [...paused]) {
    docker(['unpause', node]);
    paused.delete(node);
  }
  for (const pod of [...stopped]) await signalJava(pod, 'CONT');
}

/** Runs a fault; whatever it asserts, every node and JVM it froze runs again after it. */
async function fault(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } finally {
    await resumeEverything();
  }
}

/**
 * Every server serving, as Prometheus sees it: a ZooKeeper leader and two followers, the three brokers'
 * JMX series with no partition under-replicated, one active controller. Alerts cleared alone would also
 * be what a server whose series are gone looks like.
 */
function serving(): Promise<true> {
  const of = `namespace="${ns.name}"`;
  return waitFor('every server serving, as Prometheus sees it', 300_000, async () => {
    const [servers, brokers, controllers] = await Promise.all([
      query(`zookeeper_server_state{${of},state=~"leader|follower"} == 1`),
      query(`kafka_server_under_replicated_partitions{${of}} == 0`),
      query(`sum(kafka_controller_active_controllers{${of}})`),
    ]);
    return servers.length === 3 && brokers.length === 3 && controllers[0]?.value === 1 ? true : undefined;
  });
}

/** Resumes what the fault froze; then its alerts clear, every server serves and every pod is Ready. */
async function heal(names: readonly string[]): Promise<void> {
  const since = Date.now();
  await resumeEverything();
  await allClear(since, names);
  await serving();
  await allReady(ns.name, [...ZK, ...KAFKA]);
}

beforeAll(async () => {
  const prometheus = await kubectlRun([
    '-n',
    MONITORING_NAMESPACE,
    'get',
    `prometheus/${PROMETHEUS_NAME}`,
    '-o',
    'jsonpath={.status.availableReplicas}',
  ]);
  if (prometheus.status !== 0 || prometheus.stdout !== '1')
    throw new Error(
      `no Prometheus ${MONITORING_NAMESPACE}/${PROMETHEUS_NAME} available on this cluster (npm run cluster -- up installs it): ${prometheus.stderr}`,
    );
  ns = await namespace('sa-mon');
  for (const [base, statefulSet] of [
    ['zookeeper', 'zk'],
    ['kafka', 'kafka'],
  ] as const) {
    const started = Date.now();
    await k(['apply', '-k', `manifests/${base}`]);
    await k(['rollout', 'status', `statefulset/${statefulSet}`, '--timeout=900s'], 920_000);
    console.log(`${base}: applied → rollout complete in ${seconds(started)}`);
  }
  // Partitions a broker away leaves under-replicated (RF 3, min.insync.replicas 2 from the manifest).
  await kafkaTool(['kafka-topics.sh', '--create', '--topic', 'replicated', '--partitions', '6']);
  appliedAt = Date.now();
  await k(['apply', '-k', 'manifests/monitoring']);
});

afterAll(async () => {
  await resumeEverything();
  // The brokers first, while ZooKeeper is there for their controlled shutdown (without it each waits
  // out its 120 s grace period).
  if (ns)
    await kubectlRun(['-n', ns.name, 'delete', 'statefulset', 'kafka', '--cascade=foreground'], 200_000);
  if (timings.length > 0)
    console.log(`alert timings (for: windows / ${FOR_SCALE}):\n  ${timings.join('\n  ')}`);
  await ns?.remove();
});

describe('manifests/monitoring on a real cluster: the Prometheus Operator and a real Prometheus', () => {
  it('the operator turns the PodMonitors into one target per agent pod, each up, with the labels the rules group by', async () => {
    const pods = JSON.parse(await k(['get', 'pods', '-o', 'json'])) as {
      items: {
        metadata: { name: string; labels: Record<string, string> };
        spec: { containers: { name: string }[] };
      }[];
    };
    const expected = pods.items.map(({ metadata, spec }) => ({
      namespace: ns.name,
      pod: metadata.name,
      container: spec.containers[0]!.name,
      endpoint: 'metrics',
      job: metadata.labels['app.kubernetes.io/name'],
      app_kubernetes_io_instance: metadata.labels['app.kubernetes.io/instance'],
      app_kubernetes_io_component: metadata.labels['app.kubernetes.io/component'],
    }));
    expect(expected.map((labels) => labels.pod).sort()).toEqual([...KAFKA, ...ZK]);
    const found = await waitFor('every agent pod a target, up', 300_000, async () => {
      const list = await targets();
      return list.length === expected.length && list.every((target) => target.health === 'up')
        ? list
        : undefined;
    });
    console.log(`manifests/monitoring: applied → 6 targets up in ${seconds(appliedAt)}`);
    for (const target of found) {
      const want = expected.find((labels) => labels.pod === target.labels.pod);
      expect(target.labels).toMatchObject(want!);
      expect(target.scrapePool).toBe(`podMonitor/${ns.name}/${want!.job}/0`);
    }
    // The series carry them too: the rules group zookeeper_up by instance and pod.
    const up = await query(`zookeeper_up{namespace="${ns.name}"}`);
    expect(
      up.map(({ metric, value }) => [metric.pod, metric.app_kubernetes_io_instance, value]).sort(),
    ).toEqual([
      ['zk-0', 'zk', 1],
      ['zk-1', 'zk', 1],
      ['zk-2', 'zk', 1],
    ]);
    const brokers = await query(`kafka_server_under_replicated_partitions{namespace="${ns.name}"}`);
    expect(
      brokers.map(({ metric }) => [metric.pod, metric.job, metric.app_kubernetes_io_instance]).sort(),
    ).toEqual(KAFKA.map((pod) => [pod, 'kafka', 'kafka']));
  });

  it('loads the PrometheusRule as written: every group and alert with its for: and severity, evaluated without error, none active', async () => {
    const rule = build('monitoring').find(
      (object) => object.kind === 'PrometheusRule' && object.metadata.name === RULE,
    ) as (K8sObject & { spec: { groups: RuleGroup[] } }) | undefined;
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    const written = rule!.spec.groups.map((group) => ({
      name: group.name,
      rules: group.rules.map((r) => [r.alert, durationSeconds(r.for ?? '0s'), r.labels?.severity]),
    }));
    const file = await ruleFile(RULE);
    // Settled: a cluster just started may hold a pending alert for a moment (a target scraped before its
    // pod was Ready, partitions still being replicated); with the real for: windows none may fire, and
    // every one must clear by itself. What is still active at the deadline is named.
    let active: string[] = [];
    const loaded = await waitFor(`${file} loaded and evaluated, no alert active`, 300_000, async () => {
      const groups = await groupsOf(file);
      const evaluated = groups.flatMap((group) => group.rules).every((r) => r.health === 'ok');
      active = groups.flatMap((group) => group.rules.flatMap((r) => (r.alerts ?? []).map(() => r.name)));
      return groups.length === written.length && evaluated && active.length === 0 ? groups : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}; active: ${active.join(', ') || 'none'}`);
    });
    console.log(`manifests/monitoring: applied → rules loaded and evaluated in ${seconds(appliedAt)}`);
    expect(
      loaded
        .map((group) => ({
          name: group.name,
          rules: group.rules.map((r) => [r.name, r.duration, r.labels?.severity]),
        }))
        .sort(byName),
    ).toEqual(written.sort(byName));
    expect(loaded.flatMap((group) => group.rules.flatMap((r) => r.alerts ?? []))).toEqual([]);
  });

  it(`with every for: / ${FOR_SCALE} and ${SCRAPE_INTERVAL} scrapes, nothing fires on the healthy cluster`, async () => {
    const objects = build('monitoring');
    const rule = objects.find((object) => object.kind === 'PrometheusRule') as K8sObject & {
      spec: { groups: RuleGroup[] };
    };
    const scaled = {
      ...rule,
      metadata: { ...rule.metadata, name: SCALED_RULE },
      spec: {
        groups: scaleForWindows(rule.spec.groups, FOR_SCALE).map((group) => ({
          ...group,
          interval: RULE_INTERVAL,
        })),
      },
    };
    const monitors = (
      objects.filter((object) => object.kind === 'PodMonitor') as unknown as PodMonitor[]
    ).map((monitor) => ({
      ...monitor,
      spec: {
        ...monitor.spec,
        podMetricsEndpoints: monitor.spec.podMetricsEndpoints.map((endpoint) => ({
          ...endpoint,
          interval: SCRAPE_INTERVAL,
          scrapeTimeout: SCRAPE_TIMEOUT,
        })),
      },
    }));
    const started = Date.now();
    const realFile = await ruleFile(RULE);
    await k(
      ['apply', '-f', '-'],
      60_000,
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [scaled, ...monitors] }),
    );
    await k(['delete', 'prometheusrule', RULE]);
    scaledFile = await ruleFile(SCALED_RULE);
    await waitFor('the scaled rules and 10 s scrapes in place of the real ones', 300_000, async () => {
      const [groups, real, list] = await Promise.all([groupsOf(scaledFile), groupsOf(realFile), targets()]);
      const ready =
        groups.length === 3 &&
        groups.every((group) => group.interval === durationSeconds(RULE_INTERVAL)) &&
        real.length === 0 &&
        list.length === 6 &&
        list.every((target) => target.scrapeInterval === SCRAPE_INTERVAL && target.health === 'up');
      return ready ? true : undefined;
    });
    console.log(`scaled rules and 10 s scrapes applied → loaded in ${seconds(started)}`);
    await serving();
    // Longer than the longest scaled `for:` of the alerts the faults fire (10m / 20 = 30 s), plus scrapes.
    await new Promise((resolve) => setTimeout(resolve, 45_000));
    expect((await alerts()).map((alert) => alert.labels)).toEqual([]);
  });

  it('a worker frozen: StatefulSetAgentDown for its two pods, under-replicated and offline partitions; all clear once it runs again', () =>
    fault(async () => {
      const { controller, leader } = await roles();
      const nodes = await nodesOfPods();
      // A worker with neither the controller nor the ZooKeeper leader: the fault is the pods on it, not an
      // election (whose seconds without a leader the scaled 3 s windows would count as an outage).
      const node = [...new Set(Object.values(nodes))]
        .sort()
        .find((name) => name !== nodes[controller] && name !== nodes[leader]);
      const onNode = Object.keys(nodes)
        .filter((pod) => nodes[pod] === node)
        .sort();
      const broker = onNode.find((pod) => pod.startsWith('kafka-'))!;
      const follower = onNode.find((pod) => pod.startsWith('zk-'))!;
      expect(onNode).toEqual([broker, follower].sort());
      // A topic whose only replica is on that broker (broker.id is the ordinal + 1): offline with it.
      const brokerId = String(Number(broker.split('-')[1]) + 1);
      await kafkaTool([
        'kafka-topics.sh',
        '--create',
        '--topic',
        `on-${broker}`,
        '--replica-assignment',
        brokerId,
      ]);
      console.log(
        `pausing ${node} (${onNode.join(', ')}); controller ${controller}, ZooKeeper leader ${leader}`,
      );

      const since = Date.now();
      paused.add(node!);
      docker(['pause', node!]);
      const down = await firing('StatefulSetAgentDown', since, (list) => list.length === 2);
      expect(down.map(({ labels }) => [labels.namespace, labels.pod, labels.job]).sort()).toEqual(
        [
          [ns.name, broker, 'kafka'],
          [ns.name, follower, 'zookeeper'],
        ].sort(),
      );
      await firingFor('KafkaOfflinePartitions', since, 'kafka');
      // Reported by the leaders of the partitions the frozen broker followed: the brokers still running.
      const urp = await firing('KafkaUnderReplicatedPartitions', since);
      expect(
        podsOf(urp).every((pod) => pod !== broker && KAFKA.includes(pod)),
        JSON.stringify(urp),
      ).toBe(true);
      // Two servers of three still form the quorum: nothing about the ensemble.
      expect((await alerts()).filter((alert) => alert.labels.alertname!.startsWith('ZooKeeper'))).toEqual([]);

      await heal(['StatefulSetAgentDown', 'KafkaOfflinePartitions', 'KafkaUnderReplicatedPartitions']);
    }));

  it('two brokers hung: KafkaUnderMinIsrPartitions on the broker left; all three: KafkaNoActiveController; all clear once resumed', () =>
    fault(async () => {
      const { controller } = await roles();
      const others = KAFKA.filter((pod) => pod !== controller);
      const since = Date.now();
      for (const pod of others) await signalJava(pod, 'STOP');
      const underMinIsr = await firing('KafkaUnderMinIsrPartitions', since);
      expect(underMinIsr.map(({ labels }) => [labels.namespace, labels.pod, labels.severity])).toEqual([
        [ns.name, controller, 'critical'],
      ]);

      const all = Date.now();
      await signalJava(controller, 'STOP');
      await firingFor('KafkaNoActiveController', all, 'kafka');
      // Hung servers, not hung agents: every agent still answers its scrapes.
      const agentDown = (await alerts()).filter(
        (alert) => alert.labels.alertname === 'StatefulSetAgentDown' && alert.state === 'firing',
      );
      expect(agentDown).toEqual([]);
      await heal(['KafkaUnderMinIsrPartitions', 'KafkaNoActiveController']);
    }));

  it('two ZooKeeper followers hung: ZooKeeperQuorumLost and the leader not serving; all clear once resumed', () =>
    fault(async () => {
      const modes = await zkModes(ns.name, ZK);
      const leader = ZK.find((pod) => modes[pod] === 'leader')!;
      const followers = ZK.filter((pod) => pod !== leader);
      // The kubelet restarts a hung server (liveness: ruok, 3 × 10 s, then 30 s of grace): the alerts fire
      // well before, and a restart heals as the resume does.
      const since = Date.now();
      for (const pod of followers) await signalJava(pod, 'STOP');
      await firingFor('ZooKeeperQuorumLost', since, 'zk');
      const notServing = await firing('ZooKeeperServerNotServing', since, (list) =>
        podsOf(list).includes(leader),
      );
      expect(notServing.every((alert) => alert.labels.namespace === ns.name)).toBe(true);
      console.log(`ZooKeeper servers not serving: ${podsOf(notServing).join(', ')}`);

      await heal(['ZooKeeperQuorumLost', 'ZooKeeperServerNotServing']);
      expect(Object.values(await zkModes(ns.name, ZK)).sort()).toEqual(['follower', 'follower', 'leader']);
    }));
});
