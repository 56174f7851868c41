// The demo's ZooKeeper: three pods through `zk-agent run` (tools/harness/ensemble.ts), each pod's mode
// printed as the quorum forms.
import { Ensemble, type Modes } from '../harness/ensemble.ts';
import { debianZookeeperLibDir, zookeeperLibDir } from '../harness/fetch-zookeeper.ts';
import { elapsed } from './interrupt.ts';

export const describeModes = (modes: Modes): string =>
  Object.entries(modes)
    .map(([pod, mode]) => `${pod} ${mode ?? 'not serving yet'}`)
    .join(', ');

/** Starts the ensemble (its pods listed at once, so a failed wait still shows where the logs are). */
export async function startZookeeper(debian: boolean): Promise<Ensemble> {
  const libDir = debian ? debianZookeeperLibDir() : zookeeperLibDir();
  const ensemble = await Ensemble.start({ libDir, label: 'demo-zk' });
  console.log(`ZooKeeper from ${libDir}, three pods through zk-agent run:`);
  for (const pod of ensemble.pods) {
    console.log(
      `  ${pod.hostname}  ${pod.fqdn} → ${pod.ip}  client port ${pod.clientPort}  ` +
        `agent http://127.0.0.1:${pod.agentPort}/  log ${pod.logFile}`,
    );
  }
  return ensemble;
}

export async function waitForQuorum(ensemble: Ensemble, signal: AbortSignal): Promise<void> {
  await ensemble.waitForQuorum({
    timeoutMs: 120_000,
    signal,
    onChange: (modes) => console.log(`[${elapsed()}] ${describeModes(modes)}`),
  });
  console.log(`quorum formed after ${elapsed()}`);
}
