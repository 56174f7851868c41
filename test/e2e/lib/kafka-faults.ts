// The Kafka faults both deployments get (ZooKeeper mode and KRaft), each under a producer
// (faults.ts): a broker pod deleted, a broker's JVM killed inside its container, a rolling restart.
// After each, the pods involved are back Ready with the same meta.properties on the same volume.
import { expect } from 'vitest';
import type { Timeouts } from '../runner/statefulset.ts';
import { underLoad } from './faults.ts';
import type { KafkaClients } from './kafka-client.ts';
import { kafkaIdentity } from './kafka-pods.ts';
import { containerId, until } from './pods.ts';
import type { Timings } from './timings.ts';

/** Kills every `java` of the container (the broker is its only JVM: no tool runs there now), prints their pids. */
const KILL_JAVA =
  'for d in /proc/[0-9]*; do if [ "$(cat "$d/comm" 2>/dev/null)" = java ]; then kill -9 "${d#/proc/}" && echo "${d#/proc/}"; fi; done';

export function brokerFaults(
  clients: KafkaClients,
  timings: Timings,
  timeouts: Timeouts,
): { deletePod(): Promise<void>; killJvm(): Promise<void>; rollingRestart(): Promise<void> } {
  const { cluster, kafka } = clients;
  const identity = (pod: string) => kafkaIdentity(cluster, pod);
  return {
    async deletePod() {
      const pod = kafka.pod(1).name;
      const before = await identity(pod);
      const { recoveryMs } = await underLoad(clients, 'fault-delete-broker', () =>
        kafka.deletePod(1, timeouts),
      );
      timings.record(`delete pod ${pod}: Ready again`, recoveryMs);
      expect(await identity(pod)).toEqual(before);
    },

    async killJvm() {
      const pod = kafka.pod(2);
      const before = await identity(pod.name);
      const restarts = pod.restarts;
      const { recoveryMs } = await underLoad(clients, 'fault-kill-broker-jvm', async () => {
        const begun = Date.now();
        const kill = await cluster.exec(pod.name, ['sh', '-c', KILL_JAVA]);
        expect(kill.stdout.trim(), `no java killed in ${pod.name}: ${kill.stderr}`).toMatch(/^\d+$/);
        await until(`${pod.name} restarted after its JVM was killed`, () => pod.restarts > restarts, 120_000);
        await pod.waitReady(timeouts.readyMs);
        return Date.now() - begun;
      });
      timings.record(`kill -9 the JVM in ${pod.name}: Ready again`, recoveryMs);
      // One restart, the one the exit caused: liveness did not kill the broker in its log recovery.
      expect(pod.restarts).toBe(restarts + 1);
      expect(await identity(pod.name)).toEqual(before);
    },

    async rollingRestart() {
      const before = await Promise.all(kafka.pods.map((pod) => identity(pod.name)));
      const containers = await Promise.all(kafka.pods.map((pod) => containerId(cluster, pod.name)));
      const { recoveryMs } = await underLoad(clients, 'fault-rolling-restart', async () => {
        const begun = Date.now();
        await kafka.rollingUpdate(timeouts);
        return Date.now() - begun;
      });
      timings.record('rolling restart of kafka (3 pods)', recoveryMs);
      expect(kafka.pods.map((pod) => pod.ready)).toEqual([true, true, true]);
      expect(await Promise.all(kafka.pods.map((pod) => identity(pod.name)))).toEqual(before);
      // Every pod was replaced (a new container), not skipped.
      const after = await Promise.all(kafka.pods.map((pod) => containerId(cluster, pod.name)));
      expect(after.filter((id, ordinal) => id === containers[ordinal])).toEqual([]);
    },
  };
}
