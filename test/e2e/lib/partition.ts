// A pod held down as a partitioned node holds it: its container cut off the namespace's network, so
// its peers and Prometheus cannot reach it, while the pod itself keeps running. That is the fault a
// cluster keeps a scrape target for (the pod object stays, its agent does not answer: up == 0); a
// deleted pod's target would go with it. The runner's probes still run inside the container, on
// loopback, so the runner neither restarts nor replaces it: the fault lasts until healed.
//
// Healed, the pod must come back with its IP, as a partitioned pod keeps it: its /etc/hosts maps its
// own FQDN to that IP, and ZooKeeper binds its quorum ports to the address its name resolves to (seen:
// reconnected under a new IP, the ensemble did not re-form in 3 minutes). Docker gives a chosen IP
// (`network connect --ip`) only on a network with a subnet configured by the user, so the namespace's
// network is made here, before the runner's apply adopts it (DockerDriver.ensureNetwork keeps a
// network that exists, and removeAll removes it with the run's).
import { networkName, RUNNER_LABEL } from '../runner/docker-args.ts';
import type { DockerDriver } from '../runner/docker.ts';
import type { PodPlan } from '../runner/plan.ts';

/** Inside the engine's own default pools (172.17-31.0.0/16), away from the first ones it hands out. */
const SUBNET = '172.31.213.0/24';

export async function createNetworkWithSubnet(driver: DockerDriver, namespace: string): Promise<void> {
  const name = networkName(namespace);
  await driver.run(['network', 'rm', name]);
  await driver.ok([
    'network',
    'create',
    '--internal',
    '--subnet',
    SUBNET,
    '--label',
    `${RUNNER_LABEL}=${driver.runId}`,
    name,
  ]);
}

export interface Partitioned {
  readonly pod: PodPlan;
  readonly ip: string;
}

export async function partition(driver: DockerDriver, pod: PodPlan): Promise<Partitioned> {
  const network = networkName(pod.namespace);
  const ip = (
    await driver.ok([
      'inspect',
      '--format',
      `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`,
      pod.name,
    ])
  ).trim();
  if (!ip) throw new Error(`${pod.name} has no IP on ${network}`);
  await driver.ok(['network', 'disconnect', network, pod.name]);
  return { pod, ip };
}

/** Back on the network with its IP and under the same DNS names (the headless service's). */
export async function heal(driver: DockerDriver, { pod, ip }: Partitioned): Promise<void> {
  const aliases = pod.aliases.flatMap((alias) => ['--alias', alias]);
  await driver.ok(['network', 'connect', '--ip', ip, ...aliases, networkName(pod.namespace), pod.name]);
}
