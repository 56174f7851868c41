// kafka-agent's memory next to zk-agent's, both measured the same way in the same run: at rest (ready,
// nothing asking for a while), then after the same load of probes and scrapes as bench/zk-memory.ts
// (10 probes : 1 scrape, keep-alive). The Kafka agent measured is the one that exports the cluster view
// (100 topics × 10 partitions): the one with the most to hold. Targets: within 1.5× zk-agent's;
// ≤ 80 MiB under the load and ≤ 2 MiB of growth from 10k to 100k requests.
import type { BenchKafka } from './lib/kafka.ts';
import { rssMbOf, sleep } from './lib/proc.ts';
import { rssUnderLoad, WARM_UP } from './lib/rss-under-load.ts';
import { fmt, ratioRow, type Row } from './lib/table.ts';
import type { BenchServer } from './lib/zookeeper.ts';

const AT_REST_MS = 10_000;
const GOAL_MIB = 80;

export async function benchKafkaMemory(
  kafka: BenchKafka,
  zk: BenchServer,
  requests = 100_000,
): Promise<Row[]> {
  const pod = kafka.cluster.pod(await kafka.viewOwner());
  const kafkaPid = pod.agent!.pid;
  await sleep(AT_REST_MS);
  const zkRest = rssMbOf(zk.agentPid);
  const kafkaRest = rssMbOf(kafkaPid);
  const zkLoad = await rssUnderLoad(zk.pod.agentPort, zk.agentPid, requests);
  const kafkaLoad = await rssUnderLoad(pod.agentPort, kafkaPid, requests);
  const zkAgent = (value: number) => ({ name: 'zk-agent', value });
  return [
    ratioRow(
      `kafka-agent RSS at rest (${AT_REST_MS / 1000} s idle, cluster-view owner)`,
      kafkaRest,
      zkAgent(zkRest),
      'MiB',
      1.5,
    ),
    ratioRow(
      `kafka-agent RSS after ${requests / 1000}k probes+scrapes (10:1, ${kafkaLoad.seconds.toFixed(0)} s; zk ${zkLoad.seconds.toFixed(0)} s)`,
      kafkaLoad.end,
      zkAgent(zkLoad.end),
      'MiB',
      1.5,
    ),
    ratioRow('kafka-agent peak RSS under that load', kafkaLoad.peak, zkAgent(zkLoad.peak), 'MiB', 1.5),
    {
      name: `kafka-agent RSS after the load, absolute`,
      value: fmt(kafkaLoad.end, 'MiB'),
      baseline: '-',
      ratio: '-',
      goal: `≤ ${GOAL_MIB} MiB`,
      met: kafkaLoad.end <= GOAL_MIB,
    },
    {
      name: `kafka-agent RSS growth, ${WARM_UP / 1000}k → ${requests / 1000}k requests`,
      value: fmt(kafkaLoad.end - kafkaLoad.afterWarmUp, 'MiB'),
      baseline: `after warm-up: ${fmt(kafkaLoad.afterWarmUp, 'MiB')}`,
      ratio: '-',
      goal: '≤ 2.0 MiB',
      met: kafkaLoad.end - kafkaLoad.afterWarmUp <= 2,
    },
  ];
}
