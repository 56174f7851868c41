// The listeners, the agent and the JMX exporter share the pod's network namespace: one port each, checked
// before anything is written rather than found by a server that cannot bind.
import type { Listener } from '../listeners.ts';
import type { KafkaSettings } from '../settings.ts';
import { invalid } from './invalid.ts';

export function assertDistinctPorts(
  settings: Pick<KafkaSettings, 'AGENT_PORT' | 'AGENT_JMX_EXPORTER_PORT'>,
  listeners: readonly Listener[],
): void {
  const owners = new Map<number, string>();
  const claim = (port: number, owner: string) => {
    const other = owners.get(port);
    if (other !== undefined) {
      invalid(
        `${other} and ${owner} are the same port ${port}: each needs its own ` +
          '(e.g. KAFKA_LISTENERS=PLAINTEXT://:9092,CONTROLLER://:9093 AGENT_PORT=9308 AGENT_JMX_EXPORTER_PORT=9404)',
      );
    }
    owners.set(port, owner);
  };
  claim(settings.AGENT_PORT, `AGENT_PORT=${settings.AGENT_PORT}`);
  claim(settings.AGENT_JMX_EXPORTER_PORT, `AGENT_JMX_EXPORTER_PORT=${settings.AGENT_JMX_EXPORTER_PORT}`);
  for (const listener of listeners) claim(listener.port, `listener ${listener.name}`);
}
