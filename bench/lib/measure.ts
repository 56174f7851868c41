// Runs a node command many times and reports median wall time, CPU time and peak RSS. The baseline is
// measured in the same run, interleaved with the subject, so machine noise hits both alike.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PRELOAD = fileURLToPath(new URL('./report-usage.cjs', import.meta.url));

export interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

export interface NodeCommand {
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

function runOnce(command: NodeCommand): Sample {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const usageFile = join(dir, 'usage');
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['--require', PRELOAD, ...command.args], {
      env: { ...command.env, BENCH_USAGE_FILE: usageFile, PATH: process.env.PATH },
      cwd: command.cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0)
      throw new Error(`${command.args.join(' ')} exited ${result.status}: ${result.stderr}`);
    const usage = JSON.parse(readFileSync(usageFile, 'utf8').trim().split('\n').at(-1)!) as {
      cpuUs: number;
      maxRssKb: number;
    };
    return { wallMs, cpuMs: usage.cpuUs / 1000, maxRssMb: usage.maxRssKb / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Interleaves the commands' runs (after one warm-up each) and returns the median of each measure, per command. */
export function compareAll(commands: readonly NodeCommand[], runs: number): Sample[] {
  for (const command of commands) runOnce(command);
  const samples = commands.map((): Sample[] => []);
  for (let i = 0; i < runs; i++) commands.forEach((command, n) => samples[n]!.push(runOnce(command)));
  return samples.map((of) => ({
    wallMs: median(of.map((s) => s.wallMs)),
    cpuMs: median(of.map((s) => s.cpuMs)),
    maxRssMb: median(of.map((s) => s.maxRssMb)),
  }));
}

/** Interleaves subject and baseline runs (after warm-up) and returns the median of each measure. */
export function compare(subject: NodeCommand, baseline: NodeCommand, runs: number) {
  const [subjectSample, baselineSample] = compareAll([subject, baseline], runs);
  return { subject: subjectSample!, baseline: baselineSample! };
}
