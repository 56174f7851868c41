// What the kernel says about a running process: CPU time in nanoseconds (schedstat, summed over every
// thread: utime/stime in /proc/<pid>/stat tick at 10 ms, too coarse for a probe) and resident memory.
import { readdirSync, readFileSync } from 'node:fs';

/** CPU time the process has run, all threads, in milliseconds (ns resolution). */
export function cpuMsOf(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read; its time is lost (a few µs at most)
    }
  }
  return ns / 1e6;
}

/** Resident set size now (VmRSS), in MiB. */
export function rssMbOf(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The process's children (the JVM an agent's `run` started), from /proc/<pid>/task/<pid>/children. */
export function childPidsOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
}

/** The one child a process has (an agent's server): an error when it has none or several. */
export function onlyChildOf(pid: number): number {
  const children = childPidsOf(pid);
  if (children.length !== 1)
    throw new Error(`pid ${pid} has ${children.length} children, not the one server`);
  return children[0]!;
}
