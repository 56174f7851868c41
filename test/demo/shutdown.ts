// The end of the demo: SIGTERM to every pod's agent, as Kubernetes sends it, which forwards it to its
// server and exits with the server's status; each exit code printed. Kafka first (a broker's controlled
// shutdown needs its ZooKeeper or its quorum), all brokers at once, then ZooKeeper pod by pod.
import { readFileSync } from 'node:fs';
import type { Ensemble } from '../harness/ensemble.ts';
import { elapsed } from './interrupt.ts';
import type { KafkaCluster } from '../harness/kafka-cluster.ts';

/** Stops everything still running; false when a pod did not stop in time. */
export async function stopEverything(
  kafka: KafkaCluster | undefined,
  zookeeper: Ensemble | undefined,
): Promise<boolean> {
  let clean = true;
  if (kafka) {
    const running = kafka.pods.filter((pod) => pod.agent && !pod.agent.exit);
    const results = await Promise.allSettled(
      running.map((pod) => kafka.stopPod(pod.index, 'SIGTERM', 60_000)),
    );
    results.forEach((result, n) => {
      const pod = running[n]!;
      if (result.status === 'fulfilled') {
        // A JVM that handled the SIGTERM (the broker's shutdown hook ran) exits 143 = 128+15; the agent
        // exits with its status. The broker's own last word says whether its shutdown completed.
        const completed = /shut down completed/.test(readFileSync(pod.logFile, 'utf8'));
        console.log(
          `[${elapsed()}] ${pod.hostname}: agent exited ${result.value.code ?? result.value.signal} ` +
            `(${completed ? 'the broker logged "shut down completed"' : 'no "shut down completed" in its log'})`,
        );
      } else {
        clean = false;
        console.error(`${pod.hostname}: ${(result.reason as Error).message}`);
      }
    });
  }
  for (const index of zookeeper?.runningIndices() ?? []) {
    const pod = zookeeper!.pods[index]!;
    try {
      const result = await zookeeper!.stopPod(index, 'SIGTERM', 20_000);
      console.log(
        `[${elapsed()}] ${pod.hostname}: agent exited ${result.code ?? result.signal} (server status ${result.server?.status ?? '?'})`,
      );
    } catch (error) {
      clean = false;
      console.error(`${pod.hostname}: ${(error as Error).message}`);
    }
  }
  await kafka?.teardown();
  await zookeeper?.teardown();
  return clean;
}
