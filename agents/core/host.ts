// The few facts an agent reads from the machine at a command's entry, gathered in one place so the
// rest stays pure: renderers take values and never read the host, which makes every rendered file a
// golden test.
import { readFileSync } from 'node:fs';

/**
 * node:os is loaded only when the hostname is asked for: an exec probe that never needs it (zk-agent
 * `ok`) is spared the builtin's load (~1 ms of a ~34 ms probe, profiled).
 */
export function machineHostname(override: string | undefined): string {
  return override ?? process.getBuiltinModule('node:os').hostname();
}

/** /etc/hosts, where the kubelet writes the pod's FQDN; empty when unreadable (then AGENT_DOMAIN is needed). */
export function readHostsFile(path = '/etc/hosts'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
