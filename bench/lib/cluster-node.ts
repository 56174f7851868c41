// What a probe costs a node of the local cluster, read from the host: kind's nodes are containers of the
// project's engine, so their processes are the host's (in a pid namespace of their own) and their
// cgroups are under the host's /sys/fs/cgroup. Found from the node container's init: its kubelet and its
// containerd (children of that init), a pod's shim (the parent of the pod's processes) and the pod's
// processes and cgroup (named after its uid by the kubelet's systemd cgroup driver).
//
// CPU is read from /proc/<pid>/stat (utime + stime, 10 ms ticks) rather than schedstat, which bench/
// lib/proc.ts sums over the live threads: kubelet and containerd start and end threads all the time, and
// a window of a minute would lose what ended threads ran (seen: containerd going backwards by 1.7 s).
import { readdirSync, readFileSync } from 'node:fs';
import { cgroupMs, reapedChildrenMsOf } from './docker-runtime.ts';

const TICK_MS = 10;

function statFields(pid: number): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime of a process (every thread, the ended ones too), in ms. */
export function processMs(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

const comm = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();

function cmdline(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
}

/** Every process of the host, with its parent; those that end while listed are left out. */
function processes(): { pid: number; ppid: number; startTicks: number }[] {
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const fields = statFields(Number(name));
      found.push({ pid: Number(name), ppid: Number(fields[1]), startTicks: Number(fields[19]) });
    } catch {
      // ended between the listing and the read
    }
  }
  return found;
}

/** The cpuacct.usage file of a process's cgroup (cgroup v1), cut after the path component that `keep` matches. */
function cpuacctFile(pid: number, keep?: RegExp): string {
  const line = readFileSync(`/proc/${pid}/cgroup`, 'utf8')
    .split('\n')
    .find((entry) => /^\d+:[^:]*\bcpuacct\b[^:]*:/.test(entry));
  if (!line)
    throw new Error(`pid ${pid} has no cpuacct cgroup (this benchmark reads cgroup v1, as the nodes run)`);
  const [, controllers, path] = line.split(':');
  let parts = path!.split('/');
  if (keep) {
    const at = parts.findIndex((part) => keep.test(part));
    if (at < 0) throw new Error(`pid ${pid}'s cgroup ${path} has no part matching ${keep}`);
    parts = parts.slice(0, at + 1);
  }
  return `/sys/fs/cgroup/${controllers}${parts.join('/')}/cpuacct.usage`;
}

export interface NodeProcesses {
  readonly kubelet: number;
  readonly containerd: number;
  /** The node container's own cgroup: everything on the node, other suites' pods too. */
  readonly cgroup: string;
}

/** The kubelet and containerd of the node whose container's init is `initPid`. */
export function nodeProcesses(initPid: number): NodeProcesses {
  const children = processes().filter((entry) => entry.ppid === initPid);
  const named = (name: string) => {
    const found = children.find((entry) => comm(entry.pid) === name);
    if (!found) throw new Error(`no ${name} under the node's init (pid ${initPid})`);
    return found.pid;
  };
  return { kubelet: named('kubelet'), containerd: named('containerd'), cgroup: cpuacctFile(initPid) };
}

export interface PodProcesses {
  /** containerd-shim-runc-v2 of the pod's sandbox: it runs runc and reaps what exec probes start. */
  readonly shim: number;
  /** The pod's long-lived processes (pause, tini, the agent, the JVM). */
  readonly resident: readonly number[];
  /** Of those, the agent (the node process). */
  readonly agent: readonly number[];
  /** The pod's cgroup: its resident processes and whatever exec probes start in it. */
  readonly cgroup: string;
}

/**
 * The processes of the pod with `uid`: those in its cgroup that have run for over 10 s (an exec probe's
 * processes live under a second), and their shim.
 */
export function podProcesses(uid: string): PodProcesses {
  const slice = new RegExp(`pod${uid.replaceAll('-', '_')}\\.slice$`);
  const ticksPerSecond = 100;
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  const inPod = processes().filter((entry) => {
    try {
      return slice.test(cpuacctFile(entry.pid).replace(/\/[^/]*\/cpuacct\.usage$/, ''));
    } catch {
      return false;
    }
  });
  const resident = inPod.filter((entry) => uptime - entry.startTicks / ticksPerSecond > 10);
  const shim = resident.map((entry) => entry.ppid).find((ppid) => comm(ppid).startsWith('containerd-shim'));
  if (resident.length === 0 || shim === undefined)
    throw new Error(`no processes of pod ${uid} found on the host`);
  return {
    shim,
    resident: resident.map((entry) => entry.pid),
    agent: resident.filter((entry) => cmdline(entry.pid)[0]?.endsWith('node')).map((entry) => entry.pid),
    cgroup: cpuacctFile(resident[0]!.pid, slice),
  };
}

/** Every counter at once, in ms. */
export interface NodeCpu {
  readonly kubelet: number;
  readonly containerd: number;
  readonly shim: number;
  /** runc, and the processes exec probes start in the pod (the shim reaps both). */
  readonly reaped: number;
  readonly resident: number;
  readonly agent: number;
  readonly podCgroup: number;
  readonly node: number;
}

const sum = (pids: readonly number[]) => pids.reduce((total, pid) => total + processMs(pid), 0);

export function nodeCpu(node: NodeProcesses, pod: PodProcesses): NodeCpu {
  return {
    kubelet: processMs(node.kubelet),
    containerd: processMs(node.containerd),
    shim: processMs(pod.shim),
    reaped: reapedChildrenMsOf(pod.shim),
    resident: sum(pod.resident),
    agent: sum(pod.agent),
    podCgroup: cgroupMs(pod.cgroup),
    node: cgroupMs(node.cgroup),
  };
}
