// The demo's Kafka: three pods through `kafka-agent run` (tools/harness/kafka-cluster.ts). ZooKeeper mode
// (3.9.1) with the handbook's own env, registered with the demo's ensemble; or three combined KRaft 4.2.0
// nodes. Each pod's readiness is printed whenever it changes, until all are ready.
import type { Ensemble } from '../harness/ensemble.ts';
import { KAFKA_KRAFT_VERSION, KAFKA_ZK_MODE_VERSION } from '../harness/fetch-kafka.ts';
import { KafkaCluster } from '../harness/kafka-cluster.ts';
import { HANDBOOK_KAFKA_ENV, handbookKafkaPodEnv } from '../harness/kafka-handbook-env.ts';
import { pollUntil } from '../harness/poll.ts';
import { elapsed } from './interrupt.ts';
import { describeReadiness } from './probes.ts';

export async function startKafka(zookeeper: Ensemble | undefined): Promise<KafkaCluster> {
  const cluster = zookeeper
    ? await KafkaCluster.start({
        mode: 'zookeeper',
        zookeeper,
        label: 'demo-kafka',
        env: HANDBOOK_KAFKA_ENV,
        podEnv: handbookKafkaPodEnv,
      })
    : await KafkaCluster.start({ mode: 'kraft', label: 'demo-kafka' });
  console.log(
    zookeeper
      ? `Kafka ${KAFKA_ZK_MODE_VERSION} (ZooKeeper mode, the handbook's env), three brokers through kafka-agent run:`
      : `Kafka ${KAFKA_KRAFT_VERSION} (KRaft, combined broker,controller, cluster id ${cluster.clusterId}), three nodes through kafka-agent run:`,
  );
  for (const pod of cluster.pods) {
    console.log(
      `  ${pod.hostname}  ${pod.fqdn} → ${pod.ip}  broker port ${cluster.brokerPort}  ` +
        `agent http://127.0.0.1:${pod.agentPort}/  log ${pod.logFile}`,
    );
  }
  return cluster;
}

/** Until every pod's /readyz is 200, printing their reasons as they change. */
export async function waitForBrokers(cluster: KafkaCluster, signal: AbortSignal): Promise<void> {
  let last = '';
  await pollUntil(
    'every Kafka pod ready',
    async () => {
      const { text, ready } = await describeReadiness(cluster.pods);
      if (text !== last) console.log(`[${elapsed()}] ${text}`);
      last = text;
      return ready || undefined;
    },
    {
      timeoutMs: 180_000,
      intervalMs: 500,
      bail: () => {
        signal.throwIfAborted();
        // An agent that exited says so (and where its log is) instead of a long wait.
        for (const pod of cluster.pods)
          if (pod.agent?.exit)
            throw new Error(
              `${pod.hostname}: its agent exited (${JSON.stringify(pod.agent.exit)}); see ${pod.logFile}`,
            );
      },
    },
  );
  console.log(`every Kafka pod ready after ${elapsed()}`);
}
