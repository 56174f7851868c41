// Preloaded (--require) into every measured process, agent and baseline alike, so both pay the same:
// at exit it writes the process's own CPU time and peak RSS to the file named by BENCH_USAGE_FILE.
// CommonJS and --require, not --import: node runs --require preloads in a process started from a startup
// snapshot too (--import ones it skips), and an ESM preload would load the ESM loader into every
// measured process, baseline included (~4 ms that no exec probe pays).
// Peak RSS is VmHWM, this address space's own high-water mark: getrusage's maxRSS (resourceUsage) also
// keeps the one of the process before exec, i.e. the spawning benchmark's, whenever that was larger
// (every command then reported the same 114 MiB, once the benchmark process had grown that big).
/* global require, process */
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload, on purpose (above)
const { appendFileSync, readFileSync } = require('node:fs');

function peakRssKb(usage) {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // not Linux: getrusage's figure, with its caveat
  }
  return usage.maxRSS;
}

process.on('exit', () => {
  const usage = process.resourceUsage();
  const line = JSON.stringify({ cpuUs: usage.userCPUTime + usage.systemCPUTime, maxRssKb: peakRssKb(usage) });
  appendFileSync(process.env.BENCH_USAGE_FILE, `${line}\n`);
});
