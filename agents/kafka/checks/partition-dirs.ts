// How many partition logs this broker keeps on disk (`<topic>-<partition>` directories in log.dirs).
// Readiness asks only when the broker's own Metadata lists no topic at all: a ZooKeeper-mode broker that
// has just (re)started first gets an UpdateMetadata from the controller with the live brokers and no
// partition states (KafkaController.onBrokerStartup), and its partitions a moment later. In that gap it
// is registered and "hosts nothing", which must not read as caught up (seen in the kill test, 1 run in 6).
import { readdirSync } from 'node:fs';

// Logs being deleted, moved or found stray carry a suffix (`orders-0.<uuid>-delete`, `-future`, `-stray`)
// and no longer end in the partition number; KRaft's own metadata log is not a partition a broker hosts.
const PARTITION_DIR = /^(?!__cluster_metadata-\d+$).+-\d+$/;

export function partitionDirsOnDisk(logDirs: readonly string[]): () => number {
  return () =>
    logDirs.reduce((count, dir) => {
      try {
        return count + readdirSync(dir, { withFileTypes: true }).filter(isPartitionDir).length;
      } catch {
        return count; // a log dir not created yet holds no partition
      }
    }, 0);
}

const isPartitionDir = (entry: { name: string; isDirectory(): boolean }) =>
  entry.isDirectory() && PARTITION_DIR.test(entry.name);
