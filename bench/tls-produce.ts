// Produce throughput over TLS against plaintext, for the record: Kafka's own producer performance tool
// (org.apache.kafka.tools.ProducerPerformance, what kafka-producer-perf-test.sh runs) against the
// PLAINTEXT and the SSL listener of one broker, in the same run, acks=all, a fixed count of records of a
// fixed size, as fast as it can (--throughput -1). The producer and the broker share the machine's two
// cores, so the figures are the machine's, encryption on both ends included, not a broker's alone.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, ratio, type Row } from './lib/table.ts';
import { runKafkaTool, type TlsKafka } from './lib/tls-servers.ts';

const RECORDS = 300_000;
const RECORD_BYTES = 1024;
/** Untimed first, over each listener: the broker's and the tool's JIT, the log segments' first files. */
const WARM_UP_RECORDS = 20_000;
const PARTITIONS = 3;
const RUNS = 2;
const RUN_TIMEOUT_MS = 90_000;

interface Throughput {
  readonly recordsPerSecond: number;
  readonly mbPerSecond: number;
  readonly avgLatencyMs: number;
}

/** The tool's summary line: `N records sent, X records/sec (Y MB/sec), Z ms avg latency, …`. */
function parseSummary(stdout: string): Throughput | undefined {
  const match =
    /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency/.exec(
      stdout.trim().split('\n').at(-1) ?? '',
    );
  if (!match) return undefined;
  return {
    recordsPerSecond: Number(match[2]),
    mbPerSecond: Number(match[3]),
    avgLatencyMs: Number(match[4]),
  };
}

const runsText = (runs: readonly Throughput[]) =>
  runs.map((run) => Math.round(run.recordsPerSecond)).join(', ');

async function createTopic(kafka: TlsKafka, topic: string): Promise<void> {
  const run = await runKafkaTool(
    kafka,
    'org.apache.kafka.tools.TopicCommand',
    [
      '--bootstrap-server',
      `${kafka.ip}:${kafka.plainPort}`,
      '--create',
      '--if-not-exists',
      '--topic',
      topic,
      '--partitions',
      String(PARTITIONS),
      '--replication-factor',
      '1',
    ],
    60_000,
  );
  if (run.status !== 0) throw new Error(`creating ${topic}: ${run.stderr.trim().split('\n').at(-1)}`);
}

async function produce(
  kafka: TlsKafka,
  listener: { bootstrap: string; config: string },
  topic: string,
  records: number,
): Promise<Throughput> {
  const run = await runKafkaTool(
    kafka,
    'org.apache.kafka.tools.ProducerPerformance',
    [
      '--bootstrap-server',
      listener.bootstrap,
      '--topic',
      topic,
      '--num-records',
      String(records),
      '--record-size',
      String(RECORD_BYTES),
      '--throughput',
      '-1',
      '--command-property',
      'acks=all',
      '--command-config',
      listener.config,
    ],
    RUN_TIMEOUT_MS,
  );
  const summary = parseSummary(run.stdout);
  if (run.status !== 0 || !summary)
    throw new Error(
      `kafka-producer-perf-test to ${listener.bootstrap} exited ${run.status}: ${run.stderr.trim().split('\n').at(-1)}`,
    );
  return summary;
}

export async function benchKafkaTlsProduce(kafka: TlsKafka): Promise<Row[]> {
  const { cluster } = kafka;
  const fqdn = cluster.pod(0).fqdn;
  const properties = (name: string, lines: readonly string[]) => {
    const file = join(cluster.dir, `${name}.properties`);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  // Both by the pod's name, as a client in the cluster would bootstrap; SSL checks the name against the
  // certificate and presents the pod's own (the listener requires one).
  const plain = { bootstrap: `${fqdn}:${kafka.plainPort}`, config: properties('plain', []) };
  const ssl = {
    bootstrap: `${fqdn}:${kafka.sslPort}`,
    config: properties('ssl', [
      'security.protocol=SSL',
      'ssl.keystore.type=PEM',
      `ssl.keystore.location=${join(kafka.confDir, 'tls', 'keystore.pem')}`,
      'ssl.truststore.type=PEM',
      `ssl.truststore.location=${kafka.caFile}`,
    ]),
  };
  await Promise.all([createTopic(kafka, 'bench-plaintext'), createTopic(kafka, 'bench-ssl')]);
  await produce(kafka, plain, 'bench-plaintext', WARM_UP_RECORDS);
  await produce(kafka, ssl, 'bench-ssl', WARM_UP_RECORDS);
  const plainRuns: Throughput[] = [];
  const sslRuns: Throughput[] = [];
  for (let run = 0; run < RUNS; run++) {
    plainRuns.push(await produce(kafka, plain, 'bench-plaintext', RECORDS));
    sslRuns.push(await produce(kafka, ssl, 'bench-ssl', RECORDS));
  }
  // The best run of each: on a shared machine, the one that others' work disturbed least.
  const best = (runs: Throughput[]) =>
    runs.reduce((a, b) => (b.recordsPerSecond > a.recordsPerSecond ? b : a));
  const overPlain = best(plainRuns);
  const overSsl = best(sslRuns);
  const what = `${RECORDS.toLocaleString('en')} × ${RECORD_BYTES} B, acks=all, ${PARTITIONS} partitions, best of ${RUNS} alternating`;
  const row = (name: string, value: number, baseline: number, unit: string, digits: number): Row => ({
    name,
    value: fmt(value, unit, digits),
    baseline: `PLAINTEXT: ${fmt(baseline, unit, digits)}`,
    ratio: ratio(value, baseline),
    goal: '-',
    met: undefined,
  });
  return [
    {
      ...row(
        `kafka-producer-perf-test over SSL (${what}): records/s`,
        overSsl.recordsPerSecond,
        overPlain.recordsPerSecond,
        'records/s',
        0,
      ),
      // Every run's figure: how far apart they are says how much the machine moved under them.
      baseline: `PLAINTEXT: ${fmt(overPlain.recordsPerSecond, 'records/s', 0)} (runs: SSL ${runsText(sslRuns)}; PLAINTEXT ${runsText(plainRuns)})`,
    },
    row(`kafka-producer-perf-test over SSL: MB/s`, overSsl.mbPerSecond, overPlain.mbPerSecond, 'MB/s', 1),
    row(
      `kafka-producer-perf-test over SSL: average latency`,
      overSsl.avgLatencyMs,
      overPlain.avgLatencyMs,
      'ms',
      1,
    ),
  ];
}
