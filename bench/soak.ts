// A soak. 1,000 requests/s of mixed probes and scrapes (10 : 1) for 60 s against one
// agent with its real server behind it, while that server (the JVM) is paused with SIGSTOP and resumed
// with SIGCONT twice, 10 s each: longer than any probe's deadline, so a probe that waits on the frozen
// server instead of failing fast shows up. What counts: failed requests (a deadline passed or a reset;
// a 503 with a reason is an answer), the slowest probe against its deadline (the manifests'
// timeoutSeconds; scrapes the PodMonitor's scrapeTimeout), and the agent's RSS (min, max, trend).
import { pacedLoad, type Sample } from './lib/paced-load.ts';
import { percentile, rssMbOf } from './lib/proc.ts';
import { fmt, type Row } from './lib/table.ts';

export interface SoakTarget {
  /** 'zk-agent' or 'kafka-agent', for the rows' names. */
  readonly agent: string;
  readonly port: number;
  readonly agentPid: number;
  /** The server's (JVM's) pid, asked before each pause: a server restarted meanwhile has a new one. */
  serverPid(): number;
  readonly deadlines: ReadonlyMap<string, number>;
}

const PER_SECOND = 1000;
const DURATION_MS = 60_000;
/** Seconds into the run at which the server is paused, and for how long. */
const PAUSES_S = [10, 35];
const PAUSE_S = 10;
const MIX = [...Array.from({ length: 5 }, () => ['/livez', '/readyz']).flat(), '/metrics'];

/** Least-squares slope of RSS over time, in MiB per minute. */
function slopePerMinute(points: readonly { s: number; mib: number }[]): number {
  const n = points.length;
  const mx = points.reduce((sum, p) => sum + p.s, 0) / n;
  const my = points.reduce((sum, p) => sum + p.mib, 0) / n;
  const num = points.reduce((sum, p) => sum + (p.s - mx) * (p.mib - my), 0);
  const den = points.reduce((sum, p) => sum + (p.s - mx) ** 2, 0);
  return (num / den) * 60;
}

const paused = (sample: Sample) =>
  PAUSES_S.some((start) => sample.at >= start * 1000 && sample.at < (start + PAUSE_S) * 1000);

export async function benchSoak(target: SoakTarget): Promise<Row[]> {
  const rss: { s: number; mib: number }[] = [];
  const signalErrors: Error[] = [];
  let stopped: number | undefined;
  const signal = (name: 'SIGSTOP' | 'SIGCONT') => {
    try {
      const pid = name === 'SIGSTOP' ? target.serverPid() : stopped;
      if (pid === undefined) return;
      process.kill(pid, name);
      stopped = name === 'SIGSTOP' ? pid : undefined;
    } catch (error) {
      signalErrors.push(error as Error);
    }
  };
  let samples: Sample[];
  try {
    samples = await pacedLoad({
      port: target.port,
      paths: MIX,
      keepAlive: new Set(['/metrics']),
      perSecond: PER_SECOND,
      durationMs: DURATION_MS,
      deadlines: target.deadlines,
      onSecond: (ms) => {
        const s = ms / 1000;
        rss.push({ s, mib: rssMbOf(target.agentPid) });
        if (PAUSES_S.includes(s)) signal('SIGSTOP');
        if (PAUSES_S.includes(s - PAUSE_S)) signal('SIGCONT');
      },
    });
    if (signalErrors.length > 0) throw new Error(`pausing the server failed: ${signalErrors[0]!.message}`);
  } finally {
    // Never leave the server frozen, whatever happened.
    if (stopped !== undefined) process.kill(stopped, 'SIGCONT');
  }
  const failures = samples.filter((s) => s.outcome.kind === 'failure');
  const answered503 = samples.filter((s) => s.outcome.kind === 'answer' && s.outcome.status === 503).length;
  const whys = [...new Set(failures.map((s) => `${s.path}: ${(s.outcome as { why: string }).why}`))];
  const probes = samples.filter((s) => s.path !== '/metrics');
  const late = probes.filter((s) => s.ms > target.deadlines.get(s.path)!);
  const slowest = probes.reduce((worst, s) => (s.ms > worst.ms ? s : worst), probes[0]!);
  const pausedProbes = probes.filter(paused).map((s) => s.ms);
  const runningProbes = probes.filter((s) => !paused(s)).map((s) => s.ms);
  const seconds = (samples.length / (DURATION_MS / 1000)).toFixed(0);
  const label = `${target.agent} soak (${seconds}/s for ${DURATION_MS / 1000} s, server paused ${PAUSES_S.length}× ${PAUSE_S} s)`;
  // How long after each SIGCONT the agent said ready again (its answers are at most 1 s old).
  const recovered = PAUSES_S.map((start) => {
    const resumed = (start + PAUSE_S) * 1000;
    const first = samples
      .filter(
        (s) =>
          s.path === '/readyz' && s.at >= resumed && s.outcome.kind === 'answer' && s.outcome.status === 200,
      )
      .reduce((earliest, s) => Math.min(earliest, s.at + s.ms), Infinity);
    return first - resumed;
  });
  const mib = rss.map((p) => p.mib);
  // The trend after the first pause has begun (warm-up behind it): a leak climbs, a bounded heap is flat.
  const trend = slopePerMinute(rss.filter((p) => p.s >= PAUSES_S[0]!));
  return [
    {
      name: `${label}: failed requests`,
      value: String(failures.length),
      baseline: `of ${samples.length} (503 with a reason: ${answered503})${whys.length ? `; ${whys.slice(0, 3).join(', ')}` : ''}`,
      ratio: '-',
      goal: '0',
      met: failures.length === 0,
    },
    {
      name: `${label}: probes past their deadline`,
      value: String(late.length),
      baseline: `slowest: ${slowest.path} ${fmt(slowest.ms, 'ms', 0)} (deadline ${fmt(target.deadlines.get(slowest.path)!, 'ms', 0)})`,
      ratio: '-',
      goal: '0',
      met: late.length === 0,
    },
    {
      name: `${label}: probe p99 while paused`,
      value: fmt(percentile(pausedProbes, 99), 'ms', 1),
      baseline: `running: p50 ${fmt(percentile(runningProbes, 50), 'ms', 1)}, p99 ${fmt(percentile(runningProbes, 99), 'ms', 1)}`,
      ratio: '-',
      goal: '-',
      met: undefined,
    },
    {
      name: `${label}: /readyz 200 again after each SIGCONT`,
      value: recovered.map((ms) => (Number.isFinite(ms) ? fmt(ms, 'ms', 0) : 'never')).join(', '),
      baseline: '-',
      ratio: '-',
      goal: '-',
      met: undefined,
    },
    {
      name: `${label}: agent RSS, max`,
      value: fmt(Math.max(...mib), 'MiB'),
      baseline: `min ${fmt(Math.min(...mib), 'MiB')}; trend from ${PAUSES_S[0]} s: ${trend >= 0 ? '+' : ''}${trend.toFixed(1)} MiB/min`,
      ratio: '-',
      goal: '-',
      met: undefined,
    },
  ];
}
