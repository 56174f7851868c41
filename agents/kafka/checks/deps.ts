// What Kafka's checks are given, built in this one place for the resident server (`run`, `serve`) and
// the exec probe (`ok`), so that a probe over HTTP and one run as a process judge the broker alike.
import type { RuntimeConfig } from '../config.ts';
import type { KafkaView } from '../view.ts';
import { partitionDirsOnDisk } from './partition-dirs.ts';
import type { KafkaCheckDeps, ProcessState } from './types.ts';

export function kafkaCheckDeps(
  config: RuntimeConfig,
  view: KafkaView,
  processAlive: () => ProcessState,
): KafkaCheckDeps {
  return {
    id: config.id,
    roles: config.roles,
    view,
    processAlive,
    requireInSync: config.settings.AGENT_READY_IN_SYNC === 'true',
    partitionDirsOnDisk: partitionDirsOnDisk(config.logDirs),
  };
}
