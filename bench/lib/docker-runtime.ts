// The processes a probe of a container costs on the host, found from the container itself: its shim
// (containerd-shim-runc-v2, whose command line names the container id), the containerd that shim talks
// to (its socket's directory is containerd's state dir) and the dockerd that started that containerd; and
// the container's cgroup. CPU counters of each, read from /proc and /sys/fs/cgroup.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpuMsOf } from './proc.ts';

const TICK_MS = 10; // USER_HZ 100 on Linux: /proc/<pid>/stat counts CPU in 10 ms ticks

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces): state is [0]. */
function statFields(pid: number): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

const parentOf = (pid: number) => Number(statFields(pid)[1]);

/**
 * CPU of the children a process has waited for (cutime + cstime, fields 16 and 17 of stat), in ms: how
 * the shim's runc invocations and the processes an exec starts in the container are counted, since the
 * shim reaps both and neither lives long enough to be read itself. Tick resolution (10 ms).
 */
export function reapedChildrenMsOf(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

export interface RuntimeProcesses {
  readonly dockerd: number;
  readonly containerd: number;
  readonly shim: number;
  /** The container's processes when it was found (tini, the agent, the JVM): they live through the probes. */
  readonly resident: readonly number[];
  /** cpuacct.usage (cgroup v1) or cpu.stat usage_usec (v2) of the container's cgroup. */
  readonly cgroupUsage: string;
}

function cgroupUsageFile(containerPid: number): string {
  const lines = readFileSync(`/proc/${containerPid}/cgroup`, 'utf8').split('\n');
  const v1 = lines.find((line) => /^\d+:[^:]*\bcpuacct\b[^:]*:/.test(line));
  if (v1) {
    const [, controllers, path] = v1.split(':');
    return `/sys/fs/cgroup/${controllers}${path}/cpuacct.usage`;
  }
  const v2 = lines.find((line) => line.startsWith('0::'));
  if (!v2) throw new Error(`no cpu cgroup for pid ${containerPid}`);
  return `/sys/fs/cgroup${v2.slice(3)}/cpu.stat`;
}

/** CPU the container's cgroup has used, in ms (ns resolution on v1, µs on v2). */
export function cgroupMs(file: string): number {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('cpuacct.usage')) return Number(text.trim()) / 1e6;
  return Number(/^usage_usec (\d+)$/m.exec(text)?.[1]) / 1e3;
}

export function runtimeProcesses(containerId: string, containerPid: number): RuntimeProcesses {
  const all = pids();
  const shim = all.find((pid) => {
    const args = cmdline(pid);
    return args[0]?.includes('containerd-shim') && args.includes(containerId);
  });
  if (shim === undefined) throw new Error(`no containerd-shim names container ${containerId}`);
  const args = cmdline(shim);
  const address = args[args.indexOf('-address') + 1];
  if (!address) throw new Error(`shim ${shim} has no -address: ${args.join(' ')}`);
  const stateDir = dirname(address);
  const containerd = all.find((pid) => {
    const line = cmdline(pid);
    return line[0]?.endsWith('containerd') && line.some((arg) => arg.startsWith(stateDir));
  });
  if (containerd === undefined) throw new Error(`no containerd with its state in ${stateDir}`);
  const dockerd = parentOf(containerd);
  if (!cmdline(dockerd)[0]?.endsWith('dockerd'))
    throw new Error(
      `containerd ${containerd}'s parent ${dockerd} is not dockerd: ${cmdline(dockerd).join(' ')}`,
    );
  const cgroupUsage = cgroupUsageFile(containerPid);
  const procs = readFileSync(cgroupUsage.replace(/[^/]+$/, 'cgroup.procs'), 'utf8');
  return { dockerd, containerd, shim, resident: procs.split('\n').filter(Boolean).map(Number), cgroupUsage };
}

const isNode = (pid: number) => cmdline(pid)[0]?.endsWith('node') ?? false;

/** Every counter at once, in ms. */
export interface RuntimeCpu {
  readonly dockerd: number;
  readonly containerd: number;
  readonly shim: number;
  /** runc, and the processes execs start in the container (the shim reaps both). */
  readonly reaped: number;
  /** The container's long-lived processes (the agent, ZooKeeper's JVM, tini). */
  readonly resident: number;
  /** Of those, the agent's (the node process). */
  readonly agent: number;
  /** The container's cgroup: the resident processes and the exec'd ones. */
  readonly cgroup: number;
}

export function runtimeCpu(processes: RuntimeProcesses): RuntimeCpu {
  return {
    dockerd: cpuMsOf(processes.dockerd),
    containerd: cpuMsOf(processes.containerd),
    shim: cpuMsOf(processes.shim),
    reaped: reapedChildrenMsOf(processes.shim),
    resident: processes.resident.reduce((sum, pid) => sum + cpuMsOf(pid), 0),
    agent: processes.resident.filter(isNode).reduce((sum, pid) => sum + cpuMsOf(pid), 0),
    cgroup: cgroupMs(processes.cgroupUsage),
  };
}
