// manifests/monitoring against a real cluster: manifests/zookeeper and manifests/kafka (ZooKeeper mode)
// on the local runner, and a real Prometheus scraping every pod's agent through targets translated from
// the PodMonitors as the Prometheus Operator would make them (lib/scrape-config.ts), evaluating the
// PrometheusRule's groups as built. Every target is up with the labels the rules group by; the healthy
// cluster fires nothing; then real faults (pods cut off the network, lib/partition.ts), each firing the
// alerts that cover it, with labels naming the right pod and namespace, and each cleared by recovery.
//
// Time is shrunk (lib/scaled-time.ts): every `for:` divided by FOR_SCALE and a 5 s scrape interval
// instead of the PodMonitors' 30 s; `promtool test rules` (npm test) covers the real windows.
// Not triggered here: KafkaConsumerLagGrowing (a stalled consumer group under a running producer:
// load rather than a pod fault, left out to keep the file's time). KafkaNoActiveController fires only with every broker cut off (its
// targets count 0): a broker cut off alone leaves a new controller among the others, and through the
// ZooKeeper outage here the controller kept its role (without a quorum ZooKeeper expires no session).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { build } from '../../tools/manifests.ts';
import { E2ePrometheus, type Alert } from './lib/prometheus.ts';
import { createNetworkWithSubnet, heal, partition, type Partitioned } from './lib/partition.ts';
import { settledModes } from './lib/zookeeper.ts';
import { scaleForWindows, withScrapeInterval, type RuleGroup } from './lib/scaled-time.ts';
import { podMonitorScrapeConfigs } from './lib/scrape-config.ts';
import { LocalCluster } from './runner/cluster.ts';
import { inNamespace, lookup } from './runner/objects.ts';
import type { PodRunner } from './runner/pod.ts';
import type { StatefulSetRunner } from './runner/statefulset.ts';

const NAMESPACE = 'default';
/** 1m → 3 s, 2m → 6 s, 10m → 30 s. */
const FOR_SCALE = 20;
const SCRAPE_INTERVAL = '5s';
const EVALUATION_INTERVAL = '1s';
const timeouts = { readyMs: 300_000 };
const ALERT_TIMEOUT_MS = 180_000;

const cluster = new LocalCluster({
  cli: { docker: inject('docker'), env: inject('dockerEnv') },
  runId: `e2e-mon-${randomBytes(3).toString('hex')}`,
});
let zk: StatefulSetRunner;
let kafka: StatefulSetRunner;
let prometheus: E2ePrometheus;
/** Seconds from each fault to its alert firing, and from the heal to the alert gone, for the log. */
const timings: string[] = [];

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** The alerts named `name` once at least one fires and `matches` holds for all of them. */
async function firing(name: string, since: number, matches: (alerts: Alert[]) => boolean): Promise<Alert[]> {
  let last: Alert[] = [];
  while (Date.now() - since < ALERT_TIMEOUT_MS) {
    const all = await prometheus.alerts();
    last = all.filter((alert) => alert.labels.alertname === name && alert.state === 'firing');
    if (last.length > 0 && matches(last)) {
      timings.push(`${name} fired after ${seconds(since)}`);
      return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const seen = (await prometheus.alerts()).map(
    (alert) => `${alert.labels.alertname} ${alert.state} ${JSON.stringify(alert.labels)}`,
  );
  throw new Error(
    `${name} not firing as expected within ${ALERT_TIMEOUT_MS} ms; last: ${JSON.stringify(last)}; all: ${seen.join('\n')}`,
  );
}

/** Until no alert is pending or firing: the cluster has recovered as the rules see it. */
async function allClear(since: number, names: readonly string[]): Promise<void> {
  const cleared = new Set<string>();
  let left: Alert[] = [];
  while (Date.now() - since < ALERT_TIMEOUT_MS) {
    left = await prometheus.alerts();
    for (const name of names)
      if (!cleared.has(name) && !left.some((alert) => alert.labels.alertname === name)) {
        cleared.add(name);
        timings.push(`${name} cleared ${seconds(since)} after the heal`);
      }
    if (left.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(
    `alerts still active ${ALERT_TIMEOUT_MS} ms after the heal: ${JSON.stringify(left.map((a) => a.labels))}`,
  );
}

async function heals(cut: readonly Partitioned[], names: readonly string[]): Promise<void> {
  const since = Date.now();
  for (const partitioned of cut) await heal(cluster.driver, partitioned);
  await allClear(since, names);
  for (const { pod } of cut)
    await cluster.statefulSet(pod.statefulSet).pod(pod.ordinal).waitReady(timeouts.readyMs);
}

async function kafkaTool(args: readonly string[]): Promise<string> {
  // The tools' own heap: the broker's KAFKA_HEAP_OPTS (1 GiB) would apply to them too.
  const run = await cluster.exec('kafka-0', ['env', 'KAFKA_HEAP_OPTS=-Xmx128m', ...args], 120_000);
  expect(run.status, `${args.join(' ')}:\n${run.stdout}${run.stderr}`).toBe(0);
  return run.stdout;
}

async function createTopic(topic: string, placement: string[]): Promise<void> {
  await kafkaTool([
    'kafka-topics.sh',
    '--bootstrap-server',
    'localhost:9092',
    '--create',
    '--topic',
    topic,
    ...placement,
  ]);
}

const podsOf = (alerts: readonly Alert[]) => [...new Set(alerts.map((alert) => alert.labels.pod))].sort();

beforeAll(async () => {
  // A clean state: pods and claims left by an interrupted run would carry its data into this one.
  const pods = ['zk-0', 'zk-1', 'zk-2', 'kafka-0', 'kafka-1', 'kafka-2'];
  await cluster.driver.run(['rm', '-f', 'prometheus', ...pods]);
  await cluster.driver.run(['volume', 'rm', '-f', ...pods.map((pod) => `datadir-${pod}`)]);
  await createNetworkWithSubnet(cluster.driver, NAMESPACE);
  const begun = Date.now();
  [zk] = (await cluster.apply(inNamespace(build('zookeeper'), NAMESPACE), timeouts)) as [StatefulSetRunner];
  [kafka] = (await cluster.apply(inNamespace(build('kafka'), NAMESPACE), timeouts)) as [StatefulSetRunner];
  console.log(`manifests/zookeeper and manifests/kafka: 6 pods Ready in ${seconds(begun)}`);
  // Partitions that a broker cut off leaves under-replicated (RF 3, min.insync.replicas 2 from the
  // manifest), and one with its only replica on kafka-2 (broker id 3), which goes offline with it.
  await createTopic('replicated', ['--partitions', '6', '--replication-factor', '3']);
  await createTopic('on-kafka-2', ['--replica-assignment', '3']);

  const monitoring = inNamespace(build('monitoring'), NAMESPACE);
  const rule = lookup(monitoring, 'PrometheusRule', NAMESPACE, 'statefulset-agents');
  if (!rule) throw new Error('manifests/monitoring has no PrometheusRule statefulset-agents');
  const scrapeConfigs = podMonitorScrapeConfigs(
    monitoring,
    [...zk.pods, ...kafka.pods].map((pod) => pod.plan),
  );
  prometheus = await E2ePrometheus.start({
    driver: cluster.driver,
    namespace: NAMESPACE,
    image: zk.pods[0]!.plan.image,
    scrapeConfigs: withScrapeInterval(scrapeConfigs, SCRAPE_INTERVAL),
    ruleGroups: scaleForWindows((rule.spec as { groups: RuleGroup[] }).groups, FOR_SCALE),
    evaluationInterval: EVALUATION_INTERVAL,
  });
});

afterAll(async () => {
  if (timings.length > 0)
    console.log(`alert timings (for: windows / ${FOR_SCALE}):\n  ${timings.join('\n  ')}`);
  await prometheus?.stop();
  // The brokers first, while ZooKeeper is there for their controlled shutdown: stopped together, they
  // wait for it until SIGKILL at the end of their 120 s grace period.
  await kafka?.down();
  await cluster.down({ removeVolumes: true });
});

// A fault waits for its alerts and then for them to clear (each wait up to ALERT_TIMEOUT_MS).
describe(
  'manifests/monitoring on the local runner: a real Prometheus, our PodMonitors and alerts',
  { timeout: 600_000 },
  () => {
    it('scrapes every pod through the PodMonitors, with the labels the alerts and dashboard use', async () => {
      const expected = [...zk.pods, ...kafka.pods].map((pod) => ({
        namespace: NAMESPACE,
        pod: pod.name,
        container: pod.plan.container,
        endpoint: 'metrics',
        job: pod.name.startsWith('zk') ? 'zookeeper' : 'kafka',
        app_kubernetes_io_instance: pod.plan.labels['app.kubernetes.io/instance'],
        app_kubernetes_io_component: pod.plan.labels['app.kubernetes.io/component'],
      }));
      let targets = await prometheus.targets();
      const begun = Date.now();
      while (targets.some((target) => target.health !== 'up') || targets.length < expected.length) {
        if (Date.now() - begun > 60_000) break;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        targets = await prometheus.targets();
      }
      const byPod = (a: { pod?: string }, b: { pod?: string }) => (a.pod ?? '').localeCompare(b.pod ?? '');
      expect(
        targets
          .map((target) => ({ pod: target.labels.pod, health: target.health, lastError: target.lastError }))
          .sort(byPod),
      ).toEqual(expected.map((labels) => ({ pod: labels.pod, health: 'up', lastError: '' })).sort(byPod));
      for (const target of targets) {
        const want = expected.find((labels) => labels.pod === target.labels.pod)!;
        expect(target.labels).toMatchObject(want);
      }
      // Series carry them too: the rules group zookeeper_up by instance and pod.
      const up = await prometheus.query('zookeeper_up');
      expect(
        up
          .map((sample) => [sample.metric.pod, sample.metric.app_kubernetes_io_instance, sample.value])
          .sort(),
      ).toEqual([
        ['zk-0', 'zk', 1],
        ['zk-1', 'zk', 1],
        ['zk-2', 'zk', 1],
      ]);
    });

    it('fires nothing on the healthy cluster, after several evaluation cycles and scrapes', async () => {
      // Longer than the longest scaled `for:` of the alerts a fault triggers (10m / 20 = 30 s) plus scrapes.
      await new Promise((resolve) => setTimeout(resolve, 45_000));
      expect((await prometheus.alerts()).map((alert) => alert.labels)).toEqual([]);
    });

    it('a broker cut off: StatefulSetAgentDown for its pod, under-replicated and offline partitions; all clear once healed', async () => {
      const broker = kafka.pod(2);
      const since = Date.now();
      const cut = await partition(cluster.driver, broker.plan);
      const down = await firing('StatefulSetAgentDown', since, () => true);
      expect(down.map((alert) => alert.labels)).toEqual([
        expect.objectContaining({ namespace: NAMESPACE, pod: 'kafka-2', job: 'kafka', container: 'kafka' }),
      ]);
      // Reported by the leaders of the partitions kafka-2 followed: the two brokers still reachable.
      const urp = await firing('KafkaUnderReplicatedPartitions', since, () => true);
      expect(
        podsOf(urp).every((pod) => pod === 'kafka-0' || pod === 'kafka-1'),
        JSON.stringify(urp),
      ).toBe(true);
      expect(urp.every((alert) => alert.labels.namespace === NAMESPACE)).toBe(true);
      const offline = await firing('KafkaOfflinePartitions', since, () => true);
      expect(offline.map((alert) => alert.labels)).toEqual([
        expect.objectContaining({
          namespace: NAMESPACE,
          app_kubernetes_io_instance: 'kafka',
          severity: 'critical',
        }),
      ]);
      await heals(
        [cut],
        ['StatefulSetAgentDown', 'KafkaUnderReplicatedPartitions', 'KafkaOfflinePartitions'],
      );
    });

    it('two brokers cut off: KafkaUnderMinIsrPartitions on the broker left; all clear once healed', async () => {
      const brokers = [kafka.pod(1), kafka.pod(2)];
      const since = Date.now();
      const cut: Partitioned[] = [];
      for (const broker of brokers) cut.push(await partition(cluster.driver, broker.plan));
      const underMinIsr = await firing('KafkaUnderMinIsrPartitions', since, () => true);
      expect(underMinIsr.map((alert) => [alert.labels.namespace, alert.labels.pod])).toEqual([
        [NAMESPACE, 'kafka-0'],
      ]);
      const down = await firing('StatefulSetAgentDown', since, (alerts) => alerts.length === 2);
      expect(podsOf(down)).toEqual(['kafka-1', 'kafka-2']);
      await heals(cut, [
        'KafkaUnderMinIsrPartitions',
        'StatefulSetAgentDown',
        'KafkaUnderReplicatedPartitions',
        'KafkaOfflinePartitions',
      ]);
    });

    it('every broker cut off: KafkaNoActiveController for the cluster (counted through its targets); all clear once healed', async () => {
      const since = Date.now();
      const cut: Partitioned[] = [];
      for (const broker of kafka.pods) cut.push(await partition(cluster.driver, broker.plan));
      const none = await firing('KafkaNoActiveController', since, () => true);
      expect(none.map((alert) => [alert.labels.namespace, alert.labels.app_kubernetes_io_instance])).toEqual([
        [NAMESPACE, 'kafka'],
      ]);
      const down = await firing('StatefulSetAgentDown', since, (alerts) => alerts.length === 3);
      expect(podsOf(down)).toEqual(['kafka-0', 'kafka-1', 'kafka-2']);
      await heals(cut, ['KafkaNoActiveController', 'StatefulSetAgentDown']);
    });

    it('ZooKeeper followers cut off: one → StatefulSetAgentDown only; two → ZooKeeperQuorumLost and the leader left not serving', async () => {
      // The followers are cut, not the leader: a leader cut off makes the other two elect a new one, a
      // few seconds without a leader that the scaled 3 s window of ZooKeeperQuorumLost counts as a lost
      // quorum (CI saw it) and its real 1 min window does not.
      const modes = await settledModes(cluster, zk);
      expect(modes.filter((mode) => mode === 'leader')).toHaveLength(1);
      const leader = zk.pod(modes.indexOf('leader')).name;
      const [first, second] = zk.pods.filter((_, ordinal) => modes[ordinal] === 'follower') as [
        PodRunner,
        PodRunner,
      ];
      const since = Date.now();
      const firstCut = await partition(cluster.driver, first.plan);
      const one = await firing('StatefulSetAgentDown', since, () => true);
      expect(one.map((alert) => [alert.labels.namespace, alert.labels.pod, alert.labels.job])).toEqual([
        [NAMESPACE, first.name, 'zookeeper'],
      ]);
      // Two of three still form the quorum: nothing about the ensemble itself.
      expect(
        (await prometheus.alerts()).filter((alert) => alert.labels.alertname?.startsWith('ZooKeeper')),
      ).toEqual([]);

      const again = Date.now();
      const secondCut = await partition(cluster.driver, second.plan);
      const lost = await firing('ZooKeeperQuorumLost', again, () => true);
      expect(lost.map((alert) => alert.labels)).toEqual([
        expect.objectContaining({
          namespace: NAMESPACE,
          app_kubernetes_io_instance: 'zk',
          severity: 'critical',
        }),
      ]);
      const notServing = await firing('ZooKeeperServerNotServing', again, () => true);
      expect(notServing.map((alert) => [alert.labels.namespace, alert.labels.pod])).toEqual([
        [NAMESPACE, leader],
      ]);
      const down = await firing('StatefulSetAgentDown', again, (alerts) => alerts.length === 2);
      expect(podsOf(down)).toEqual([first.name, second.name].sort());
      console.log(
        `during the ZooKeeper outage: ${(await prometheus.firing()).map((alert) => `${alert.labels.alertname}{pod=${alert.labels.pod ?? ''}}`).join(', ')}`,
      );
      await heals(
        [firstCut, secondCut],
        ['ZooKeeperQuorumLost', 'ZooKeeperServerNotServing', 'StatefulSetAgentDown'],
      );
    });
  },
);
