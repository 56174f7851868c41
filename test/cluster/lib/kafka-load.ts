// Load for the fault tests on a real cluster: a client pod of the brokers' own image on the control-plane
// node (so no fault on a worker, drain included, ever touches it), running Kafka's own tools through
// `kubectl exec`. VerifiableProducer prints one JSON line per acknowledged or failed send, so a test
// knows exactly which values the cluster promised to keep; the console consumer reads them back. Clients
// bootstrap through the `kafka-bootstrap` ClusterIP Service, as an application in the cluster would.
import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import {
  ACKS_ALL_PRODUCER,
  durableTopicCreate,
  watchVerifiableProducer,
  type ProducerRun,
} from '../../../tools/harness/kafka-tools.ts';
import {
  KUBECTL,
  kubectl,
  kubectlRun,
  kubeEnv,
  ON_CONTROL_PLANE,
  waitFor,
} from '../../../tools/cluster/kubectl.ts';

export const CLIENT_POD = 'kafka-client';

/**
 * How the client pod reaches the brokers: the bootstrap address, and a client properties file in the pod
 * when the listener wants TLS or SASL (the secure variants: see secure.cluster.ts).
 */
export interface ClientAccess {
  readonly bootstrap: string;
  readonly config?: string;
}
export const PLAINTEXT_ACCESS: ClientAccess = { bootstrap: 'kafka-bootstrap:9092' };

/** `--bootstrap-server` and, with a properties file, the tool's flag for it. */
function reach(access: ClientAccess, configFlag = '--command-config'): string[] {
  return ['--bootstrap-server', access.bootstrap, ...(access.config ? [configFlag, access.config] : [])];
}
/** The tools' heap: the image's default would be the broker's. */
const TOOL_HEAP = 'KAFKA_HEAP_OPTS=-Xmx192m';

/**
 * The client pod, of the image `statefulSet`'s brokers run, Ready on the control-plane node. `extra`:
 * labels (a NetworkPolicy's client label) and volumes to mount (a CA), for the secure variants.
 */
export async function startClientPod(
  ns: string,
  statefulSet = 'kafka',
  extra: {
    readonly labels?: Readonly<Record<string, string>>;
    readonly volumes?: readonly {
      readonly name: string;
      readonly mountPath: string;
      readonly source: object;
    }[];
  } = {},
): Promise<void> {
  const image = await kubectl([
    '-n',
    ns,
    'get',
    'statefulset',
    statefulSet,
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  ]);
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: CLIENT_POD, labels: { 'app.kubernetes.io/name': CLIENT_POD, ...extra.labels } },
    spec: {
      ...ON_CONTROL_PLANE,
      volumes: (extra.volumes ?? []).map((volume) => ({ name: volume.name, ...volume.source })),
      terminationGracePeriodSeconds: 0,
      containers: [
        {
          name: 'client',
          image,
          imagePullPolicy: 'IfNotPresent',
          command: ['sleep', 'infinity'],
          volumeMounts: (extra.volumes ?? []).map((volume) => ({
            name: volume.name,
            mountPath: volume.mountPath,
            readOnly: true,
          })),
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      ],
    },
  };
  await kubectl(['-n', ns, 'apply', '-f', '-'], 60_000, JSON.stringify(pod));
  await kubectl(['-n', ns, 'wait', '--for=condition=Ready', `pod/${CLIENT_POD}`, '--timeout=180s'], 200_000);
}

/** A command in the client pod, with the tools' heap; throws with its output unless it exits 0. */
export async function clientTool(
  ns: string,
  command: readonly string[],
  timeoutMs = 120_000,
): Promise<string> {
  return kubectl(['-n', ns, 'exec', CLIENT_POD, '--', 'env', TOOL_HEAP, ...command], timeoutMs);
}

/** A topic with 3 partitions, replication factor 3 and min.insync.replicas 2. */
export async function createDurableTopic(
  ns: string,
  topic: string,
  access: ClientAccess = PLAINTEXT_ACCESS,
): Promise<void> {
  await clientTool(ns, ['kafka-topics.sh', ...reach(access), ...durableTopicCreate(topic)]);
}

/** The partitions kafka-topics.sh reports under-replicated (one line each; none is ''). */
export async function underReplicated(ns: string, access: ClientAccess = PLAINTEXT_ACCESS): Promise<string> {
  const out = await clientTool(ns, [
    'kafka-topics.sh',
    ...reach(access),
    '--describe',
    '--under-replicated-partitions',
  ]);
  return out.trim();
}

/**
 * VerifiableProducer in the client pod, acks=all and idempotent, `throughput` records/s until stopped.
 * Its shell writes its pid first, so stop() can signal it in the pod: a signal to `kubectl exec` itself
 * would only end the stream and leave the producer running.
 */
export function startProducer(
  ns: string,
  topic: string,
  throughput: number,
  access: ClientAccess = PLAINTEXT_ACCESS,
): ProducerRun {
  const pidFile = `/tmp/producer-${topic}.pid`;
  const config = `/tmp/producer-${topic}.properties`;
  const script = [
    `echo $$ > ${pidFile}`,
    `printf '%s\\n' "$@" > ${config}`,
    ...(access.config ? [`cat ${access.config} >> ${config}`] : []),
    `exec env ${TOOL_HEAP} kafka-run-class.sh org.apache.kafka.tools.VerifiableProducer --producer.config ${config} ` +
      `--bootstrap-server ${access.bootstrap} --topic ${topic} --throughput ${throughput} --acks -1`,
  ].join('; ');
  const child = spawn(
    KUBECTL,
    ['-n', ns, 'exec', CLIENT_POD, '--', 'sh', '-c', script, 'sh', ...ACKS_ALL_PRODUCER],
    { env: kubeEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const run = watchVerifiableProducer(child);
  return {
    ...run,
    stop: () => {
      void kubectlRun(['-n', ns, 'exec', CLIENT_POD, '--', 'sh', '-c', `kill -TERM "$(cat ${pidFile})"`]);
      // Should the pod not answer, the stream is cut after the producer's own close timeout.
      setTimeout(() => child.kill('SIGTERM'), 60_000).unref();
    },
  };
}

/**
 * Every value of `topic` from the beginning: the console consumer stops once no record came for 15 s,
 * so every partition has been read to its end.
 */
export async function consumeAll(
  ns: string,
  topic: string,
  access: ClientAccess = PLAINTEXT_ACCESS,
): Promise<string[]> {
  const run = await kubectlRun(
    [
      '-n',
      ns,
      'exec',
      CLIENT_POD,
      '--',
      'env',
      TOOL_HEAP,
      'kafka-console-consumer.sh',
      ...reach(access, '--consumer.config'),
      '--topic',
      topic,
      '--from-beginning',
      '--timeout-ms',
      '15000',
    ],
    240_000,
  );
  expect(run.stderr, `the consumer of ${topic} did not finish`).toMatch(/Processed a total of \d+ messages/);
  return run.stdout.split('\n').filter((line) => line !== '');
}

const THROUGHPUT = 100;
/** Acks to see before the fault, and again after recovery: writes flowed on both sides of it. */
const ACKS_AROUND = 200;

export interface FaultOutcome {
  readonly seconds: number;
  readonly acked: number;
  readonly sendErrors: readonly string[];
}

/**
 * One fault under load: a producer writes to a topic of its own (RF 3, min.insync.replicas 2) before,
 * during and after `fault`; once it has had acks again, every acknowledged value must be read back.
 * Failed sends are returned for the caller to judge (a rollout must have none).
 */
export async function underLoad(
  ns: string,
  topic: string,
  fault: () => Promise<void>,
  access: ClientAccess = PLAINTEXT_ACCESS,
): Promise<FaultOutcome> {
  await createDurableTopic(ns, topic, access);
  const producer = startProducer(ns, topic, THROUGHPUT, access);
  const acked = () => {
    producer.throwIfExited();
    return producer.acked.size;
  };
  let seconds: number;
  try {
    await waitFor(`${topic}: ${ACKS_AROUND} acks before the fault`, 180_000, async () =>
      acked() >= ACKS_AROUND ? true : undefined,
    );
    const started = Date.now();
    await fault();
    seconds = (Date.now() - started) / 1000;
    const after = producer.acked.size + ACKS_AROUND;
    await waitFor(`${topic}: ${ACKS_AROUND} more acks after the fault`, 180_000, async () =>
      acked() >= after ? true : undefined,
    );
  } finally {
    producer.stop();
    await producer.done;
  }
  const consumed = new Set(await consumeAll(ns, topic, access));
  const missing = [...producer.acked].filter((value) => !consumed.has(value));
  expect(missing, `acknowledged but not consumed (of ${producer.acked.size} acked)`).toEqual([]);
  console.log(
    `${topic}: fault over in ${seconds.toFixed(1)} s; ${producer.acked.size} acked, all among ` +
      `${consumed.size} consumed; ${producer.errors.length} failed sends` +
      (producer.errors[0] ? ` (first: ${producer.errors[0]})` : ''),
  );
  return { seconds, acked: producer.acked.size, sendErrors: producer.errors };
}
