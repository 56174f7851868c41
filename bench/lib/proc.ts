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
