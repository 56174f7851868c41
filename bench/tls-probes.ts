// What TLS adds to the agents' readiness checks, against plaintext measured in the same run.
// Two parts for each server:
// - the agents' own /readyz, one GET at a time (a fresh HTTP connection, as the kubelet's prober), rounds
//   1.1 s apart because an agent reuses a settled answer for up to 1 s: every probe asks the server anew.
//   CPU is the agent's and the server JVM's (schedstat, all threads) over each probe. ZooKeeper: the
//   agents of a plaintext and a TLS-only standalone server. Kafka: two `kafka-agent serve` of one broker,
//   one asking its PLAINTEXT listener, one its SSL listener (connection kept in the pool, as always).
// - the readiness question alone, many times, from a prober process running the agent's client code
//   (bench/lib/tls-prober.ts), so that the handshake's share shows without HTTP around it. ZooKeeper
//   closes the connection after every four-letter word, so every TLS `srvr` is a new handshake; a variant
//   offers the previous connection's session ticket. Kafka: the agent's pooled connection over SSL, and a
//   new connection (handshake and close) per probe, each against PLAINTEXT.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { getOnce } from './lib/http.ts';
import { median } from './lib/measure.ts';
import { cpuMsOf, onlyChildOf, percentile, sleep } from './lib/proc.ts';
import { fmt, ratio, type Row } from './lib/table.ts';
import type { ProbeAnswer, ProberTarget } from './lib/tls-prober.ts';
import { startSidecar, type TlsKafka, type TlsZooKeeper } from './lib/tls-servers.ts';
import type { BenchServer } from './lib/zookeeper.ts';

const PROBER = fileURLToPath(new URL('./lib/tls-prober.ts', import.meta.url));
/** Past the agents' 1 s reuse of a settled answer. */
const ROUND_MS = 1100;
const AGENT_ROUNDS = 24;
const PROBER_ROUNDS = 200;
const PROBER_GAP_MS = 10;
const SETTLE_MS = 3;

interface Sample {
  /** A 200, or the prober's ready verdict. A failed probe is kept: its time and CPU are what it cost. */
  readonly ok: boolean;
  readonly ms: number;
  /** Client (agent or prober) + server JVM. */
  readonly cpuMs: number;
  readonly clientMs: number;
  readonly serverMs: number;
}

interface Series {
  readonly label: string;
  readonly samples: Sample[];
  reused: number;
  /** Why the last failed probe failed. */
  failure?: string;
}

/** The agent's /readyz on a fresh connection, with its CPU and the server's. */
async function agentProbe(
  agentPort: number,
  agentPid: number,
  serverPid: number,
): Promise<Sample & { why?: string }> {
  const agentBefore = cpuMsOf(agentPid);
  const serverBefore = cpuMsOf(serverPid);
  const started = performance.now();
  const reply = await getOnce(agentPort, '/readyz');
  const ms = performance.now() - started;
  await sleep(SETTLE_MS); // the closes after the answer, as in proberRounds
  const clientMs = cpuMsOf(agentPid) - agentBefore;
  const serverMs = cpuMsOf(serverPid) - serverBefore;
  const ok = reply.status === 200;
  return { ok, ms, cpuMs: clientMs + serverMs, clientMs, serverMs, ...(ok ? {} : { why: reply.body }) };
}

interface AgentTarget {
  readonly label: string;
  readonly agentPort: number;
  readonly agentPid: number;
  readonly serverPid: number;
}

/** Rounds of one /readyz per agent (order alternating round by round), each round past the reuse window. */
async function agentRounds(targets: readonly AgentTarget[], rounds = AGENT_ROUNDS): Promise<Series[]> {
  const series = targets.map((t): Series => ({ label: t.label, samples: [], reused: 0 }));
  // Two uncounted rounds: the agents' and the JVMs' first requests of each kind.
  for (let round = -2; round < rounds; round++) {
    const started = performance.now();
    const order = round % 2 === 0 ? targets.map((_, i) => i) : targets.map((_, i) => i).reverse();
    for (const i of order) {
      const t = targets[i]!;
      const { why, ...sample } = await agentProbe(t.agentPort, t.agentPid, t.serverPid);
      if (round < 0) continue;
      series[i]!.samples.push(sample);
      if (why !== undefined) series[i]!.failure = `${t.label}: /readyz ${why}`;
    }
    await sleep(Math.max(0, ROUND_MS - (performance.now() - started)));
  }
  return series;
}

interface Prober {
  probe(index: number): Promise<ProbeAnswer>;
  stop(): void;
}

async function startProber(targets: readonly ProberTarget[]): Promise<Prober> {
  const child = spawn(process.execPath, [PROBER, JSON.stringify(targets)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting: ((line: string) => void)[] = [];
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the TLS prober exited ${code}`))),
  );
  exited.catch(() => {});
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(line));
  const next = () => Promise.race([new Promise<string>((resolve) => waiting.push(resolve)), exited]);
  const stop = () => child.kill('SIGKILL');
  try {
    await next(); // {"ready":true}
  } catch (error) {
    stop();
    throw error;
  }
  return {
    probe: async (index) => {
      child.stdin.write(`${index}\n`);
      return JSON.parse(await next()) as ProbeAnswer;
    },
    stop,
  };
}

/**
 * The prober's rounds: each target once a round, interleaved, its server JVM's CPU (`serverPids[i]`)
 * read around each probe. Ends the prober.
 */
async function proberRounds(
  targets: readonly ProberTarget[],
  labels: readonly string[],
  serverPids: readonly number[],
  rounds = PROBER_ROUNDS,
): Promise<Series[]> {
  const prober = await startProber(targets);
  const series = labels.map((label): Series => ({ label, samples: [], reused: 0 }));
  try {
    // Uncounted: the JIT of both sides, the first sessions.
    for (let round = -20; round < rounds; round++) {
      for (let i = 0; i < targets.length; i++) {
        const serverPid = serverPids[i]!;
        const serverBefore = cpuMsOf(serverPid);
        const answer = await prober.probe(i);
        // The server's side of a close the client began (Kafka, a new connection each) comes just after
        // the answer: every probe's window ends alike, a moment later.
        await sleep(SETTLE_MS);
        const serverMs = cpuMsOf(serverPid) - serverBefore;
        if (round < 0) continue;
        const s = series[i]!;
        const { ok, ms, cpuMs } = answer;
        s.samples.push({ ok, ms, cpuMs: cpuMs + serverMs, clientMs: cpuMs, serverMs });
        if (!ok) s.failure = `${labels[i]}: ${answer.detail ?? 'not ready'}`;
        if (answer.reused) s.reused++;
      }
      await sleep(PROBER_GAP_MS);
    }
  } finally {
    prober.stop();
  }
  return series;
}

const med = (s: Series, key: 'ms' | 'cpuMs' | 'clientMs' | 'serverMs') =>
  median(s.samples.map((sample) => sample[key]));

/** "2.10 ms (agent 0.90 + JVM 1.20)": the medians of the sum and of each part. */
function cpuText(s: Series, client: string): string {
  return `${fmt(med(s, 'cpuMs'), 'ms', 2)} (${client} ${med(s, 'clientMs').toFixed(2)} + JVM ${med(s, 'serverMs').toFixed(2)})`;
}

function cpuRow(name: string, subject: Series, baseline: Series, client: string): Row {
  return {
    name,
    value: cpuText(subject, client),
    baseline: `${baseline.label}: ${cpuText(baseline, client)}`,
    ratio: ratio(med(subject, 'cpuMs'), med(baseline, 'cpuMs')),
    goal: '-',
    met: undefined,
  };
}

/** Probes that failed (a 503, a deadline passed: what a loaded machine does to a handshake), if any. */
function failedText(s: Series): string {
  const failed = s.samples.filter((sample) => !sample.ok).length;
  return failed === 0 ? '' : `; ${failed} of ${s.samples.length} failed, e.g. ${s.failure}`;
}

function latencyRow(name: string, subject: Series, baseline: Series): Row {
  const at = (s: Series, p: number) =>
    percentile(
      s.samples.map((sample) => sample.ms),
      p,
    );
  const pair = (s: Series) => `${at(s, 50).toFixed(2)} / ${at(s, 99).toFixed(2)} ms${failedText(s)}`;
  return {
    name,
    value: pair(subject),
    baseline: `${baseline.label}: ${pair(baseline)}`,
    ratio: `${ratio(at(subject, 50), at(baseline, 50))} / ${ratio(at(subject, 99), at(baseline, 99))}`,
    goal: '-',
    met: undefined,
  };
}

export async function benchZkTlsProbes(plain: BenchServer, secure: TlsZooKeeper): Promise<Row[]> {
  const plainJvm = onlyChildOf(plain.agentPid);
  const secureJvm = onlyChildOf(secure.agentPid);
  const [plainAgent, tlsAgent] = await agentRounds([
    { label: 'plaintext', agentPort: plain.pod.agentPort, agentPid: plain.agentPid, serverPid: plainJvm },
    { label: 'TLS', agentPort: secure.pod.agentPort, agentPid: secure.agentPid, serverPid: secureJvm },
  ]);
  const identity = { dir: secure.tlsDir, confDir: secure.pod.confDir };
  const [plainWord, fullWord, resumedWord] = await proberRounds(
    [
      { kind: 'zk', port: plain.pod.clientPort },
      { kind: 'zk', port: secure.pod.clientPort, tls: identity },
      { kind: 'zk', port: secure.pod.clientPort, tls: identity, resume: true },
    ],
    ['plaintext', 'TLS', 'TLS offering the last session'],
    [plainJvm, secureJvm, secureJvm],
  );
  const n = PROBER_ROUNDS;
  return [
    cpuRow(
      `zk-agent /readyz over TLS: CPU per probe, agent + JVM (median of ${AGENT_ROUNDS}, 1.1 s apart)`,
      tlsAgent!,
      plainAgent!,
      'agent',
    ),
    latencyRow(
      `zk-agent /readyz over TLS: p50 / p99 (${AGENT_ROUNDS} probes; p99 is the max)`,
      tlsAgent!,
      plainAgent!,
    ),
    cpuRow(
      `srvr, new TLS connection each (the agent's client): CPU per word, client + JVM (median of ${n})`,
      fullWord!,
      plainWord!,
      'client',
    ),
    latencyRow(`srvr, new TLS connection each: p50 / p99 (${n} words)`, fullWord!, plainWord!),
    cpuRow(
      `srvr over TLS offering the previous session: ${resumedWord!.reused} of ${n} resumed; CPU per word`,
      resumedWord!,
      plainWord!,
      'client',
    ),
    latencyRow(
      `srvr over TLS offering the previous session: p50 / p99 (${n} words)`,
      resumedWord!,
      plainWord!,
    ),
  ];
}

export async function benchKafkaTlsProbes(kafka: TlsKafka): Promise<Row[]> {
  const sidecars = await Promise.all([
    startSidecar(kafka, kafka.plainPort),
    startSidecar(kafka, kafka.sslPort),
  ]);
  let agentSeries: Series[];
  try {
    agentSeries = await agentRounds(
      sidecars.map((sidecar, i) => ({
        label: i === 0 ? 'PLAINTEXT' : 'SSL',
        agentPort: sidecar.agentPort,
        agentPid: sidecar.pid,
        serverPid: kafka.brokerPid,
      })),
    );
  } finally {
    await Promise.all(sidecars.map((sidecar) => sidecar.stop()));
  }
  const [plainAgent, sslAgent] = agentSeries;
  const identity = { dir: kafka.tlsDir, confDir: kafka.confDir };
  const at = { kind: 'kafka', host: kafka.ip, nodeId: kafka.nodeId } as const;
  const [plainKept, sslKept, sslFresh, plainFresh] = await proberRounds(
    [
      { ...at, port: kafka.plainPort, fresh: false },
      { ...at, port: kafka.sslPort, tls: identity, fresh: false },
      { ...at, port: kafka.sslPort, tls: identity, fresh: true },
      { ...at, port: kafka.plainPort, fresh: true },
    ],
    ['PLAINTEXT, kept', 'SSL, kept', 'SSL, new connection each', 'PLAINTEXT, new connection each'],
    [kafka.brokerPid, kafka.brokerPid, kafka.brokerPid, kafka.brokerPid],
  );
  const n = PROBER_ROUNDS;
  return [
    cpuRow(
      `kafka-agent /readyz over SSL, connection kept: CPU per probe, agent + JVM (median of ${AGENT_ROUNDS}, 1.1 s apart)`,
      sslAgent!,
      plainAgent!,
      'agent',
    ),
    latencyRow(
      `kafka-agent /readyz over SSL, connection kept: p50 / p99 (${AGENT_ROUNDS} probes; p99 is the max)`,
      sslAgent!,
      plainAgent!,
    ),
    cpuRow(
      `Metadata + in-sync check over SSL, connection kept (the agent's client): CPU per probe, client + JVM (median of ${n})`,
      sslKept!,
      plainKept!,
      'client',
    ),
    latencyRow(`Metadata over SSL, connection kept: p50 / p99 (${n} probes)`, sslKept!, plainKept!),
    cpuRow(
      `Metadata over SSL, new connection each (handshake, close): CPU per probe, client + JVM (median of ${n})`,
      sslFresh!,
      plainFresh!,
      'client',
    ),
    latencyRow(`Metadata over SSL, new connection each: p50 / p99 (${n} probes)`, sslFresh!, plainFresh!),
  ];
}
