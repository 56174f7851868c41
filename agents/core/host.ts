// The few facts an agent reads from the machine at a command's entry, gathered in one place so the
// rest stays pure (STYLE.md 2).
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export function machineHostname(override: string | undefined): string {
  return override ?? hostname();
}

/** /etc/hosts, where the kubelet writes the pod's FQDN; empty when unreadable (then AGENT_DOMAIN is needed). */
export function readHostsFile(path = '/etc/hosts'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
