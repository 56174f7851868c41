// One fault under load, as the issue asks for each: a producer writes with acks=all to a topic of its
// own (3 partitions, RF 3, min.insync.replicas 2) before, during and after the fault; once the pod is
// back Ready and the producer has had acks again, every acknowledged value must be read back.
import { expect } from 'vitest';
import { consumeAll, createTopic, startProducer, type KafkaClients } from './kafka-client.ts';
import { until } from './pods.ts';

const THROUGHPUT = 100;
/** Acks to see before the fault, and again after recovery: writes flowed on both sides of it. */
const ACKS_AROUND = 200;

export interface FaultOutcome {
  /** What the fault returned: milliseconds until the pod was Ready again. */
  readonly recoveryMs: number;
  readonly acked: number;
  readonly consumed: number;
  readonly sendErrors: number;
}

export async function underLoad(
  clients: KafkaClients,
  topic: string,
  fault: () => Promise<number>,
): Promise<FaultOutcome> {
  await createTopic(clients, clients.kafka.pod(0).name, topic);
  const producer = startProducer(clients, topic, THROUGHPUT);
  let recoveryMs: number;
  try {
    const acked = () => {
      producer.throwIfExited();
      return producer.acked.size;
    };
    await until(`${topic}: ${ACKS_AROUND} acks before the fault`, () => acked() >= ACKS_AROUND, 120_000);
    recoveryMs = await fault();
    const after = producer.acked.size + ACKS_AROUND;
    await until(`${topic}: ${ACKS_AROUND} more acks after recovery`, () => acked() >= after, 180_000);
  } finally {
    producer.stop();
    await producer.done;
  }
  const consumed = new Set(await consumeAll(clients, topic));
  const missing = [...producer.acked].filter((value) => !consumed.has(value));
  expect(missing, `acknowledged but not consumed (of ${producer.acked.size} acked)`).toEqual([]);
  const outcome = {
    recoveryMs,
    acked: producer.acked.size,
    consumed: consumed.size,
    sendErrors: producer.errors.length,
  };
  console.log(
    `${topic}: Ready again in ${(recoveryMs / 1000).toFixed(1)} s; ${outcome.acked} acked, all among ` +
      `${outcome.consumed} consumed; ${outcome.sendErrors} failed sends${producer.errors[0] ? ` (first: ${producer.errors[0]})` : ''}`,
  );
  return outcome;
}
