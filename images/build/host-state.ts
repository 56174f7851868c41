// What a Docker engine can change on the host and leave so after it stops (docs/design.md: ip_forward, the
// FORWARD policy, its DOCKER chains and MASQUERADE rule, the docker0 link), read before the engine
// starts and compared after it stopped, so a run that changed the host says so instead of passing quietly.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function output(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  // iptables is missing on a host without docker.io: nothing to change there, which is a state too.
  return result.error ? `(${command}: ${result.error.message})` : result.stdout.trim();
}

export interface HostState {
  readonly ipForward: string;
  readonly filter: string;
  readonly nat: string;
  readonly links: string;
  /** Mount points under the engine's own folder (a dockerd that died early leaves its data root mounted). */
  readonly mounts: string;
}

/** Mount points at or below `dir`, sorted. */
export function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((point) => point === dir || point.startsWith(`${dir}/`))
    .sort();
}

export function hostState(engineDir: string): HostState {
  return {
    ipForward: output('sysctl', ['-n', 'net.ipv4.ip_forward']),
    filter: output('iptables', ['-S']),
    nat: output('iptables', ['-t', 'nat', '-S']),
    // Names only: counters and flags of eth0 change by themselves.
    links: output('ip', ['-o', 'link'])
      .split('\n')
      .map((line) => line.split(':')[1]?.trim() ?? '')
      .sort()
      .join(' '),
    mounts: mountsUnder(engineDir).join(' '),
  };
}

/** The differences between two snapshots, one line each; empty when the host is as it was. */
export function hostChanges(before: HostState, after: HostState): string[] {
  return (Object.keys(before) as (keyof HostState)[])
    .filter((key) => before[key] !== after[key])
    .map((key) => `${key}: before ${JSON.stringify(before[key])}, after ${JSON.stringify(after[key])}`);
}
