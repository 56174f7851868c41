import type { Family } from './family.ts';
import type { Mntr } from './mntr.ts';

/** Turns one parsed mntr reply into metric families; pure, so a golden file can pin its output. */
export interface MntrCollector {
  readonly name: string;
  collect(mntr: Mntr): Family[];
}
