import type { MntrCollector } from './collector.ts';
import { scalars } from './scalars.ts';
import { serverState } from './server-state.ts';
import { summaries } from './summaries.ts';
import { version } from './version.ts';

/** The only list of mntr collectors; adding one touches its file, its test, this list and a golden. */
export const mntrCollectors: readonly MntrCollector[] = [serverState, version, scalars, summaries];

export type { MntrCollector } from './collector.ts';
