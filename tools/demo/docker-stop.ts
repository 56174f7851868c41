// The end of `demo --docker`: what `kubectl delete` of the StatefulSets would do, in the order a broker's
// controlled shutdown needs (Kafka first, while its ZooKeeper or its quorum is still there, then
// ZooKeeper), each pod stopped with its grace period and its exit code printed; then every container and
// network of the run removed, and the claim volumes too only when asked (PVCs outlive their StatefulSet).
import type { LocalCluster } from '../../test/e2e/runner/cluster.ts';
import type { StatefulSetRunner } from '../../test/e2e/runner/statefulset.ts';
import { CLUSTER_ID_VOLUME } from './docker-cluster-id.ts';
import { elapsed } from './interrupt.ts';

function applied(cluster: LocalCluster, name: string): StatefulSetRunner | undefined {
  try {
    return cluster.statefulSet(name);
  } catch {
    return undefined; // Ctrl-C came before it was applied
  }
}

async function stopSet(cluster: LocalCluster, set: StatefulSetRunner): Promise<void> {
  await Promise.all(
    set.pods.map(async (pod) => {
      // `docker wait` returns the exit code once the container stops, before the runner removes it.
      const waited = cluster.driver.run(
        ['wait', pod.name],
        (pod.plan.terminationGracePeriodSeconds + 60) * 1000,
      );
      await pod.delete();
      const code = (await waited).stdout.trim();
      console.log(`[${elapsed()}] ${pod.name}: exited ${code || '(was not running)'}`);
    }),
  );
}

/** Stops the StatefulSets named (in the order they were applied) that were applied, last first. */
export async function stopDockerDemo(
  cluster: LocalCluster,
  names: readonly string[],
  removeVolumes: boolean,
): Promise<void> {
  const volumes = cluster.claimVolumes();
  for (const name of [...names].reverse()) {
    const set = applied(cluster, name);
    if (set) await stopSet(cluster, set);
  }
  await cluster.driver.removeAll({ volumes: removeVolumes ? volumes : [] });
  // A pod whose `docker run` was still in flight when Ctrl-C came can appear after that: one more sweep.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await cluster.driver.removeAll({ volumes: [] });
  if (removeVolumes) {
    await cluster.driver.run(['volume', 'rm', '-f', CLUSTER_ID_VOLUME]);
    console.log(
      `[${elapsed()}] removed the containers, the network and the volumes ${[...volumes, CLUSTER_ID_VOLUME].join(', ')}`,
    );
  } else
    console.log(
      `[${elapsed()}] removed the containers and the network; kept the volumes ${volumes.join(', ')} ` +
        '(--remove-volumes removes them)',
    );
}
