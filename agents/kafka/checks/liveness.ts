import type { KafkaCheck } from './types.ts';

/**
 * Liveness is process-level: the broker's JVM runs and the agent answers. Never the listener: Kafka opens
 * it late on purpose, after log recovery in ZooKeeper mode and after catch-up and unfencing in KRaft
 * (SocketServer: "so that systems which assume the socket being open indicates readiness are not
 * confused"), and a TCP liveness probe kills brokers in long log recovery (strimzi #5263).
 */
export const liveness: KafkaCheck = {
  name: 'liveness',
  async run({ processAlive }) {
    const process = processAlive();
    switch (process.state) {
      case 'running':
        return {
          ok: true,
          reason: 'the broker process runs and the agent answers',
          details: { pid: process.pid ?? null },
        };
      case 'not-started':
        // Formatting storage or waiting for an old registration to expire: alive, just not yet started.
        return {
          ok: true,
          reason: `the broker is not started yet: ${process.why}`,
          details: { state: process.state },
        };
      case 'exited':
        return { ok: false, reason: process.why, details: { state: process.state } };
    }
  },
};
