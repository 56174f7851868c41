// A LocalCluster on the engine the global setup started, named for one e2e file, that prints every pod
// transition and keeps them (a test can ask whether a pod ever turned Ready).
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { LocalCluster } from '../runner/cluster.ts';
import { formatEvent, type RunnerEvent } from '../runner/events.ts';

export function recordingCluster(name: string): { cluster: LocalCluster; events: RunnerEvent[] } {
  const events: RunnerEvent[] = [];
  const cluster = new LocalCluster({
    cli: { docker: inject('docker'), env: inject('dockerEnv') },
    runId: `${name}-${randomBytes(3).toString('hex')}`,
    sink: (event) => {
      events.push(event);
      console.log(formatEvent(event));
    },
  });
  return { cluster, events };
}
