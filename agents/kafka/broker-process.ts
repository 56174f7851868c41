// Liveness for the verbs that do not supervise the broker (`serve` as a sidecar sharing the pod's process
// namespace, `ok` run by an exec probe): is a JVM with kafka.Kafka as its main class running here?
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessState } from './checks/index.ts';
import type { KafkaConfig } from './config.ts';
import { KAFKA_MAIN } from './server-command.ts';

/** Liveness where the agent does not supervise the broker: a kafka.Kafka JVM of this pod's config. */
export function brokerProcessProbe(config: Pick<KafkaConfig, 'confDir'>): () => ProcessState {
  const serverProperties = join(config.confDir, 'server.properties');
  return () => findBrokerProcess(serverProperties);
}

/** `serverProperties`: the file `run` passes the broker, which tells this pod's broker from any other
 * JVM the machine runs (several "pods" share one host in tests). */
export function findBrokerProcess(serverProperties: string, procDir = '/proc'): ProcessState {
  let entries: string[];
  try {
    entries = readdirSync(procDir).filter((name) => /^\d+$/.test(name));
  } catch {
    return { state: 'exited', why: `cannot list ${procDir} to find the broker process` };
  }
  for (const pid of entries) {
    let args: string[];
    try {
      args = readFileSync(`${procDir}/${pid}/cmdline`, 'latin1').split('\0');
    } catch {
      continue; // gone since the listing, or not ours to read
    }
    if (args.includes(KAFKA_MAIN) && args.includes(serverProperties)) {
      return { state: 'running', pid: Number(pid) };
    }
  }
  return { state: 'exited', why: `no ${KAFKA_MAIN} process runs in this pod` };
}
