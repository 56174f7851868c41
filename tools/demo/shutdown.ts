// The end of the demo: SIGTERM to every pod's agent, as Kubernetes sends it, which forwards it to its
// server and exits with the server's status; each exit code printed. Kafka first (a broker's controlled
// shutdown needs its ZooKeeper or its quorum), all brokers at once, then ZooKeeper pod by pod.
//
// A broker that outlives its grace period is killed, as the kubelet kills a container at the end of
// terminationGracePeriodSeconds. It happens in KRaft: when all three combined nodes stop at once, the last
// one's controlled shutdown can still be waiting for approval when the other two controllers are gone,
// and with no quorum left Kafka waits up to 5 minutes for it (seen in 1 CI run of several).
import { readFileSync } from 'node:fs';
import { killGroup } from '../harness/agent-process.ts';
import type { Ensemble } from '../harness/ensemble.ts';
import { elapsed } from './interrupt.ts';
import type { KafkaCluster } from '../harness/kafka-cluster.ts';

/** A Kafka pod's terminationGracePeriodSeconds here: SIGTERM, then SIGKILL after this long. */
export const KAFKA_GRACE_MS = 30_000;

/** Stops everything still running; false when a ZooKeeper pod did not stop in time. */
export async function stopEverything(
  kafka: KafkaCluster | undefined,
  zookeeper: Ensemble | undefined,
): Promise<boolean> {
  let clean = true;
  if (kafka) {
    const running = kafka.pods.filter((pod) => pod.agent && !pod.agent.exit);
    const results = await Promise.allSettled(
      running.map((pod) => kafka.stopPod(pod.index, 'SIGTERM', KAFKA_GRACE_MS)),
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
        killGroup(pod.agent!.pid, 'SIGKILL');
        console.log(
          `[${elapsed()}] ${pod.hostname}: killed at the end of its ${KAFKA_GRACE_MS / 1000} s grace period, as the kubelet does ` +
            `(${(result.reason as Error).message.split('\n')[0]})`,
        );
      }
    });
    await Promise.all(running.map((pod) => pod.agent?.exited));
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
