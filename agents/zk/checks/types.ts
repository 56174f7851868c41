import type { Check } from '../../core/check.ts';
import type { AskWord } from '../ask.ts';

/** What a ZooKeeper check needs: the shared four-letter-word client and the expected ensemble size. */
export interface ZkCheckDeps {
  /** Carries host, port and deadline; shared with the collectors so their requests coalesce. */
  readonly ask: AskWord;
  /** ZK_REPLICAS: servers the StatefulSet expects in the ensemble. */
  readonly replicas: number;
}

export type ZkCheck = Check<ZkCheckDeps>;
