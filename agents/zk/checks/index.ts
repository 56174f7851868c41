import { liveness } from './liveness.ts';
import { readiness } from './readiness.ts';
import type { ZkCheck } from './types.ts';

/** The only list of ZooKeeper checks (/livez, /readyz and `ok [--ready]` look them up by name). */
export const zkChecks = { liveness, readiness } as const satisfies Record<string, ZkCheck>;

export type { ZkCheck, ZkCheckDeps } from './types.ts';
