// What a cluster on the local engine can change on the host, beyond what the engine itself can
// (images/build/host-state.ts): privileged nodes run a kubelet and systemd that write global sysctls
// (kernel.panic, vm.overcommit_memory, net.bridge.*, …), and Docker creates /lib/modules as the bind
// source kind asks for when the host has none. Read before `up`, put back and compared after `down`.
import { spawnSync } from 'node:child_process';
import { existsSync, rmdirSync } from 'node:fs';
import { hostChanges, hostState, type HostState } from '../../images/build/host-state.ts';

export interface HostSnapshot {
  readonly engine: HostState;
  readonly libModules: boolean;
  /** Every writable global sysctl, counters and per-link keys left out. */
  readonly sysctls: Record<string, string>;
}

/** Counters and values that move by themselves, and per-interface keys of links the run makes. */
const VOLATILE =
  /^(fs\.(dentry-state|file-nr|inode-nr|inode-state|dentry-negative|quota\.)|kernel\.(random\.|ns_last_pid|pty\.nr|sched_domain|apparmor_display)|net\.netfilter\.nf_conntrack_count|vm\.stat_|net\.ipv6\.route\.gc|fs\.binfmt_misc|net\.(ipv4|ipv6)\.(conf|neigh)\.(veth|br-))/;

function sysctls(): Record<string, string> {
  const out = spawnSync('sysctl', ['-a'], { encoding: 'utf8' }).stdout ?? '';
  const values: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const at = line.indexOf(' = ');
    if (at < 0) continue;
    const key = line.slice(0, at);
    if (!VOLATILE.test(key)) values[key] = line.slice(at + 3);
  }
  return values;
}

export function hostSnapshot(engineDir: string): HostSnapshot {
  return { engine: hostState(engineDir), libModules: existsSync('/lib/modules'), sysctls: sysctls() };
}

/** Puts back the sysctls and /lib/modules; returns what still differs, one line each. */
export function restoreHost(before: HostSnapshot, engineDir: string): string[] {
  if (!before.libModules && existsSync('/lib/modules')) {
    try {
      rmdirSync('/lib/modules');
    } catch {
      // not empty: something else put files there; reported below
    }
  }
  const now = sysctls();
  for (const [key, value] of Object.entries(before.sysctls)) {
    if (now[key] !== undefined && now[key] !== value) spawnSync('sysctl', ['-q', '-w', `${key}=${value}`]);
  }
  const after = hostSnapshot(engineDir);
  const changes = hostChanges(before.engine, after.engine);
  if (before.libModules !== after.libModules)
    changes.push(`/lib/modules: before ${before.libModules}, after ${after.libModules}`);
  for (const [key, value] of Object.entries(before.sysctls)) {
    if (after.sysctls[key] !== undefined && after.sysctls[key] !== value)
      changes.push(`sysctl ${key}: before ${value}, after ${after.sysctls[key]}`);
  }
  return changes;
}
