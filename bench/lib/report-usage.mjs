// Preloaded (--import) into every measured process, agent and baseline alike, so both pay the same:
// at exit it writes the process's own CPU time and peak RSS to the file named by BENCH_USAGE_FILE.
import { appendFileSync } from 'node:fs';
import process from 'node:process';

process.on('exit', () => {
  const usage = process.resourceUsage();
  const line = JSON.stringify({ cpuUs: usage.userCPUTime + usage.systemCPUTime, maxRssKb: usage.maxRSS });
  appendFileSync(process.env.BENCH_USAGE_FILE, `${line}\n`);
});
