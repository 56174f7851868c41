import { liveness } from './liveness.ts';
import { readiness } from './readiness.ts';
import type { KafkaCheck } from './types.ts';

/** The only list of Kafka checks (/livez, /readyz and `ok [--ready]` look them up by name). */
export const kafkaChecks = { liveness, readiness } as const satisfies Record<string, KafkaCheck>;

export type { KafkaCheck, KafkaCheckDeps, ProcessState } from './types.ts';
