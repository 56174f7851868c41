// Kubernetes expands `$(VAR)` only for variables defined earlier in the pod spec and leaves anything else
// as written (kubernetes/kubernetes #57726): the handbook's KAFKA_ADVERTISED_LISTENERS
// `PLAINTEXT://$(hostname -f):9092` reaches the container literally, where no shell runs it. The agent
// expands the hostname forms such values use; any other `$(…)` in an address is refused, since no shell
// will ever run it and the broker would advertise it as a host name.
import { AgentError } from '../core/errors.ts';
import type { BrokerProperty } from './broker-properties.ts';
import type { Draft } from './config/draft.ts';

/** Properties that hold addresses: where a `$(…)` is a slip, never a legitimate value. */
const ADDRESS_KEYS =
  /(^|\.)(listeners|advertised\.listeners|zookeeper\.connect|controller\.quorum\.(voters|bootstrap\.servers))$/;

export function expandHostnames(
  property: BrokerProperty,
  pod: { readonly podName: string; readonly fqdn: () => string },
  key?: string,
): string {
  if (!property.value.includes('$(')) return property.value;
  const expanded = property.value.replace(
    /\$\(\s*hostname(?:\s+(-f|--fqdn|-s|--short))?\s*\)/g,
    (_, flag?: string) => (flag === '-f' || flag === '--fqdn' ? pod.fqdn() : pod.podName),
  );
  if (expanded.includes('$(') && (key === undefined || ADDRESS_KEYS.test(key)) && !property.secret) {
    throw new AgentError(
      'AGENT_ERR_ENV_INVALID',
      `${property.variable}=${JSON.stringify(property.value)} holds a $(…) that no shell will run: Kubernetes expands only $(VAR) of ` +
        'variables defined earlier in the pod spec. kafka-agent expands $(hostname -f) and $(hostname); write anything else out ' +
        `(e.g. ${property.variable}=PLAINTEXT://$(hostname -f):9092)`,
    );
  }
  return expanded;
}

/** Expands every property of the draft in place; returns a note for the log per property it changed. */
export function expandDraftHostnames(
  draft: Draft,
  pod: { readonly podName: string; readonly fqdn: () => string },
): string[] {
  const notes: string[] = [];
  for (const [key, property] of draft) {
    const expanded = expandHostnames(property, pod, key);
    if (expanded !== property.value) {
      draft.set(key, { ...property, value: expanded });
      notes.push(`${property.variable}: expanded $(hostname …) to ${expanded}`);
    }
  }
  return notes;
}
