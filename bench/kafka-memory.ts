// kafka-agent's memory next to zk-agent's, both measured the same way in the same run: at rest (ready,
// nothing asking for a while), then after the same load of probes and scrapes as bench/zk-memory.ts
// (10 probes : 1 scrape, keep-alive). The Kafka agent measured is the one that exports the cluster view
// (100 topics × 10 partitions): the one with the most to hold. Goal (issue 6): within 1.5× zk-agent's.
import { load } from './lib/http.ts';
import type { BenchKafka } from './lib/kafka.ts';
import { rssMbOf, sleep } from './lib/proc.ts';
import { ratioRow, type Row } from './lib/table.ts';
import type { BenchServer } from './lib/zookeeper.ts';

const AT_REST_MS = 10_000;
const MIX = [...Array.from({ length: 5 }, () => ['/livez', '/readyz']).flat(), '/metrics'];

/** `requests` of the mix on `port`; returns the RSS at the end and the peak (sampled every 1,000). */
async function underLoad(port: number, pid: number, requests: number) {
  let peak = 0;
  const result = await load({
    port,
    paths: MIX,
    connections: 8,
    requests,
    everyRequests: 1000,
    onProgress: () => (peak = Math.max(peak, rssMbOf(pid))),
  });
  if (result.failures > 0) throw new Error(`${result.failures} of ${requests} requests on :${port} failed`);
  return { end: rssMbOf(pid), peak: Math.max(peak, rssMbOf(pid)), seconds: result.wallMs / 1000 };
}

export async function benchKafkaMemory(
  kafka: BenchKafka,
  zk: BenchServer,
  requests = 50_000,
): Promise<Row[]> {
  const pod = kafka.cluster.pod(await kafka.viewOwner());
  const kafkaPid = pod.agent!.pid;
  await sleep(AT_REST_MS);
  const zkRest = rssMbOf(zk.agentPid);
  const kafkaRest = rssMbOf(kafkaPid);
  const zkLoad = await underLoad(zk.pod.agentPort, zk.agentPid, requests);
  const kafkaLoad = await underLoad(pod.agentPort, kafkaPid, requests);
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
  ];
}
