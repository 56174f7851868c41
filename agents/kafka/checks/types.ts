import type { Check } from '../../core/check.ts';
import type { ProcessRole } from '../config.ts';
import type { KafkaView } from '../view.ts';

/** What a Kafka check needs; passed in, never read from process.env. */
export interface KafkaCheckDeps {
  readonly id: number;
  readonly roles: readonly ProcessRole[];
  /** The broker's answers, shared with the metrics so probes and scrapes cost it one request each. */
  readonly view: KafkaView;
  /** Whether the broker's JVM runs: the supervised child (`run`), or a kafka.Kafka process in the pod. */
  readonly processAlive: () => ProcessState;
  /** AGENT_READY_IN_SYNC: readiness also waits for the ISRs. */
  readonly requireInSync: boolean;
  /** Partition logs in this broker's log.dirs (partition-dirs.ts): data it will host once told so. */
  readonly partitionDirsOnDisk: () => number;
}

export type ProcessState =
  | { readonly state: 'running'; readonly pid?: number }
  | { readonly state: 'not-started'; readonly why: string }
  | { readonly state: 'exited'; readonly why: string };

export type KafkaCheck = Check<KafkaCheckDeps>;
