// The test process resolves the pods' DNS names the way the agents do (hosts-hook.cjs), so its own Kafka
// clients can follow the brokers' advertised listeners.
import { createRequire } from 'node:module';

export function useTestHosts(file: string): void {
  process.env.TEST_HOSTS_FILE = file;
  createRequire(import.meta.url)('./hosts-hook.cjs');
}
