// A rolling restart of three Kafka nodes on the local cluster under load: how long it takes, how many
// sends fail, and the produce p99 while it runs against the p99 at rest, in the same run.
//
// KRaft (manifests/kafka-kraft, three combined nodes, with its cluster-id Secret), in a fresh namespace:
// a roll of combined nodes moves the quorum's leadership as well as the partitions'. The load is Kafka's
// own producer performance tool (org.apache.kafka.tools.ProducerPerformance, the class
// kafka-producer-perf-test.sh runs; the image has kafka-run-class.sh and the tools jar) in a client pod
// of the same image on the control-plane node (a toleration and a nodeSelector), so that the restarts on
// the workers never touch it: acks=all, enable.idempotence=true, 500 records/s of 100 bytes to a topic
// of 3 partitions, replication factor 3, min.insync.replicas=2.
//
// The tool prints percentiles only at the end of a run, so it runs in back-to-back windows of 15 s (a
// loop in the client pod, one `kubectl exec` for the whole run; each window's JVM start leaves a gap of
// a few seconds without sends), and each window's first second (its own start: metadata, producer id,
// connections) is left out of its percentiles with `--warmup-records`: six windows at rest, then
// `kubectl rollout restart statefulset/kafka` and `rollout status`, then until the window under way when
// the roll completed has ended. The windows that send while the roll runs are its windows. Each phase's
// p99 is pooled over its windows' sends from the percentiles each window prints (lib/cluster-latency.ts).
// A failed send is a record the tool did not count as acknowledged (its summary counts successful sends
// only, and it prints each failure's exception), over every window; a window whose run ended without a
// summary counts all of its records.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { createClusterIdSecret, kubeEnv, ON_CONTROL_PLANE } from '../tools/cluster/kubectl.ts';
import { durableTopicCreate } from '../tools/harness/kafka-tools.ts';
import { BIN, REPO_ROOT } from '../tools/cluster/versions.ts';
import { pooledPercentile, type Tail } from './lib/cluster-latency.ts';
import { applyUntilReady, inNamespace, inNs, rolledOut } from './lib/cluster-kube.ts';
import { sleep } from './lib/proc.ts';
import { fmt, ratio, type Row } from './lib/table.ts';

const RATE = 500;
const WINDOW_S = 15;
/** The first second of each window: the tool's own start (metadata, the producer id, connections, C1). */
const WARMUP_RECORDS = RATE;
const REST_WINDOWS = 6;
const RECORD_BYTES = 100;
const TOPIC = 'bench-roll';
const CLIENT = 'bench-client';
const BOOTSTRAP = 'kafka-bootstrap:9092';
const GOAL_RATIO = 3;
/** The producer loop's output, window markers and the tool's lines (its warnings too), for a look after. */
const LOG = join(REPO_ROOT, '.tmp', 'bench-cluster-roll.log');

interface Window {
  readonly startMs: number;
  readonly endMs: number;
  readonly exit: number;
  /** Sends the tool counted as acknowledged, of the whole run. */
  readonly sent: number | undefined;
  /** Latencies after the warm-up. */
  readonly steady: Tail | undefined;
  /** Exceptions the tool printed (one per failed send). */
  readonly errors: number;
}

/** The tool's summary of the whole run (`steady` empty) and of the records after the warm-up. */
const SUMMARY =
  /^(\d+)( steady state)? records sent, [\d.]+ records\/sec \([\d.]+ MB\/sec\), [\d.]+ ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th\.$/;
const EXCEPTION = /^(org\.apache\.kafka|java)\.\S*(Exception|Error)\b/;

function clientPod(image: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: CLIENT, labels: { app: CLIENT } },
    spec: {
      ...ON_CONTROL_PLANE,
      enableServiceLinks: false,
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 1,
      containers: [
        { name: 'client', image, imagePullPolicy: 'IfNotPresent', command: ['sleep', 'infinity'] },
      ],
    },
  };
}

/** The producer loop in the client pod: one ProducerPerformance run a window, until /tmp/stop exists. */
const LOOP = `while [ ! -e /tmp/stop ]; do
  echo "window-start $(date +%s%3N)"
  kafka-run-class.sh org.apache.kafka.tools.ProducerPerformance --topic ${TOPIC} \\
    --num-records ${RATE * WINDOW_S} --warmup-records ${WARMUP_RECORDS} --record-size ${RECORD_BYTES} --throughput ${RATE} \\
    --command-property bootstrap.servers=${BOOTSTRAP} acks=all enable.idempotence=true 2>&1
  rc=$?
  echo "window-end $(date +%s%3N) $rc"
done`;

class Load {
  readonly windows: Window[] = [];
  private readonly child;
  private readonly done: Promise<void>;
  private readonly log: WriteStream;
  constructor(ns: string) {
    const kubectl = existsSync(join(BIN, 'kubectl')) ? join(BIN, 'kubectl') : 'kubectl';
    this.child = spawn(kubectl, ['-n', ns, 'exec', CLIENT, '--', 'sh', '-c', LOOP], {
      env: kubeEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stderr.on('data', (chunk: Buffer) =>
      process.stderr.write(`bench: client: ${chunk.toString()}`),
    );
    let started = 0;
    let lines: string[] = [];
    const reader = createInterface({ input: this.child.stdout });
    mkdirSync(dirname(LOG), { recursive: true });
    const log = (this.log = createWriteStream(LOG));
    reader.on('line', (line) => {
      log.write(`${line}\n`);
      const [word, at, rc] = line.split(' ');
      if (word === 'window-start') {
        started = Number(at);
        lines = [];
      } else if (word === 'window-end') {
        const summaries = lines.map((text) => SUMMARY.exec(text)).filter((match) => match !== null);
        const whole = summaries.find((match) => !match[2]);
        const steady = summaries.find((match) => match[2]);
        this.windows.push({
          startMs: started,
          endMs: Number(at),
          exit: Number(rc),
          sent: whole ? Number(whole[1]) : undefined,
          steady: steady && {
            count: Number(steady[1]),
            max: Number(steady[3]),
            p50: Number(steady[4]),
            p95: Number(steady[5]),
            p99: Number(steady[6]),
            p999: Number(steady[7]),
          },
          errors: lines.filter((text) => EXCEPTION.test(text)).length,
        });
      } else lines.push(line);
    });
    this.done = new Promise((resolve) => this.child.on('close', () => resolve()));
  }
  note(text: string): void {
    this.log.write(text);
  }
  /** Resolves once `count` windows have ended. */
  async until(count: number): Promise<void> {
    const deadline = Date.now() + (count - this.windows.length + 2) * (WINDOW_S + 30) * 1000;
    while (this.windows.length < count) {
      if (this.child.exitCode !== null)
        throw new Error(`the producer loop ended (exit ${this.child.exitCode})`);
      if (Date.now() > deadline)
        throw new Error(`the producer loop ended ${this.windows.length} windows, not ${count}`);
      await sleep(500);
    }
  }
  async stop(ns: string): Promise<void> {
    await inNs(ns)(['exec', CLIENT, '--', 'touch', '/tmp/stop']);
    await Promise.race([this.done, sleep((WINDOW_S + 60) * 1000)]);
    this.child.kill();
  }
  kill(): void {
    this.child.kill();
  }
}

export async function benchClusterRoll(): Promise<Row[]> {
  return inNamespace('sa-bench-roll', async (ns) => {
    const k = inNs(ns);
    process.stderr.write(`bench: cluster-roll: manifests/kafka-kraft and a client pod in ${ns}…\n`);
    await createClusterIdSecret(ns);
    await applyUntilReady(ns, 'kafka-kraft', 'kafka');
    const image = await k([
      'get',
      'statefulset',
      'kafka',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    ]);
    await k(['apply', '-f', '-'], 60_000, JSON.stringify(clientPod(image.trim())));
    await k(['wait', '--for=condition=Ready', `pod/${CLIENT}`, '--timeout=300s'], 320_000);
    await k(
      [
        'exec',
        CLIENT,
        '--',
        'kafka-topics.sh',
        '--bootstrap-server',
        BOOTSTRAP,
        ...durableTopicCreate(TOPIC),
      ],
      120_000,
    );
    const load = new Load(ns);
    try {
      process.stderr.write(`bench: cluster-roll: ${REST_WINDOWS} windows of ${WINDOW_S} s at rest…\n`);
      await load.until(REST_WINDOWS);
      process.stderr.write('bench: cluster-roll: kubectl rollout restart statefulset/kafka…\n');
      const rollStart = Date.now();
      await k(['rollout', 'restart', 'statefulset/kafka']);
      await rolledOut(ns, 'kafka', 900);
      const rollEnd = Date.now();
      // Into the log: when each new pod was made and became Ready, beside the windows' times.
      const pods = await k([
        'get',
        'pods',
        '-l',
        'app.kubernetes.io/name=kafka',
        '-o',
        'jsonpath={range .items[*]}{.metadata.name} created {.metadata.creationTimestamp} ready {.status.conditions[?(@.type=="Ready")].lastTransitionTime}{"\\n"}{end}',
      ]);
      load.note(`roll ${rollStart} → ${rollEnd}\n${pods}`);
      await load.until(load.windows.length + 1);
      await load.stop(ns);
      return rows(load.windows, rollStart, rollEnd);
    } finally {
      load.kill();
    }
  });
}

function rows(windows: readonly Window[], rollStart: number, rollEnd: number): Row[] {
  // A window sends for its last WINDOW_S seconds (the tool throttles to RATE); before that its JVM starts.
  const sendsFrom = (window: Window) => Math.max(window.startMs, window.endMs - WINDOW_S * 1000);
  const rest = windows.filter((window) => window.endMs <= rollStart);
  const roll = windows.filter((window) => sendsFrom(window) < rollEnd && window.endMs > rollStart);
  const records = RATE * WINDOW_S;
  const failedIn = (list: readonly Window[]) =>
    list.reduce((sum, window) => sum + (window.sent === undefined ? records : records - window.sent), 0);
  const failed = failedIn(windows);
  const printed = windows.reduce((sum, window) => sum + window.errors, 0);
  const unfinished = windows.filter((window) => window.sent === undefined).length;
  const tails = (list: readonly Window[]) => list.flatMap((window) => (window.steady ? [window.steady] : []));
  const restP99 = pooledPercentile(tails(rest));
  const rollP99 = pooledPercentile(tails(roll));
  const byWindow = (list: readonly Window[]) =>
    tails(list)
      .map((tail) => tail.p99)
      .join(', ');
  const covered = roll.reduce(
    (sum, window) =>
      sum + Math.max(0, Math.min(window.endMs, rollEnd) - Math.max(sendsFrom(window), rollStart)),
    0,
  );
  const seconds = (rollEnd - rollStart) / 1000;
  return [
    {
      name: `rolling restart of 3 KRaft nodes under load: rollout restart → rollout status complete`,
      value: fmt(seconds, 's', 1),
      baseline: `${roll.length} load windows overlap it, with sends in ${((covered / (rollEnd - rollStart)) * 100).toFixed(0)}% of it`,
      ratio: '-',
      goal: '-',
      met: undefined,
    },
    {
      name: `failed sends, acks=all idempotent, RF 3, min.insync 2 (${windows.length} windows of ${records})`,
      value: String(failed),
      baseline: `during the roll: ${failedIn(roll)}; exceptions printed: ${printed}; runs without a summary: ${unfinished}`,
      ratio: '-',
      goal: '0',
      met: failed === 0,
    },
    {
      name: `produce p99 during the roll, over its ${tails(roll).length} windows' sends`,
      value: fmt(rollP99, 'ms', 0),
      baseline: `at rest, over ${tails(rest).length} windows: ${fmt(restP99, 'ms', 0)}`,
      ratio: ratio(rollP99, restP99),
      goal: `≤ ${GOAL_RATIO.toFixed(2)}x`,
      met: rollP99 / restP99 <= GOAL_RATIO,
    },
    {
      name: `  p99 by window of ${WINDOW_S} s (after its first second), ms`,
      value: `roll: ${byWindow(roll)}`,
      baseline: `at rest: ${byWindow(rest)}; max latency in the roll ${fmt(Math.max(...tails(roll).map((tail) => tail.max)), 'ms', 0)}`,
      ratio: '-',
      goal: '-',
      met: undefined,
    },
  ];
}
