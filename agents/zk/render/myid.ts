import type { ZkConfig } from '../config.ts';

/** `<dataDir>/myid`: ZooKeeper reads the first line. */
export function renderMyid(config: ZkConfig): string {
  return `${config.myid}\n`;
}
