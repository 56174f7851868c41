// What the runner reports: one line per transition of a pod, as `kubectl get events -w` would show them.
import type { ProbeEvent } from './probes.ts';

export interface RunnerEvent {
  /** Milliseconds since the runner started. */
  readonly at: number;
  readonly pod: string;
  readonly type: string;
  readonly message: string;
}

export type EventSink = (event: RunnerEvent) => void;

export function formatEvent(event: RunnerEvent): string {
  return `[${(event.at / 1000).toFixed(1).padStart(6)} s] ${event.pod.padEnd(16)} ${event.type}${event.message ? `: ${event.message}` : ''}`;
}

export function describeProbeEvent(event: ProbeEvent): { type: string; message: string } {
  switch (event.type) {
    case 'probe-failed':
      return {
        type: 'Unhealthy',
        message: `${event.probe} probe failed (${event.failures}/${event.threshold}): ${event.detail}`,
      };
    case 'startup-succeeded':
      return { type: 'Started', message: 'startup probe succeeded' };
    case 'ready':
      return { type: 'Ready', message: '' };
    case 'not-ready':
      return { type: 'NotReady', message: event.detail };
    case 'restart':
      return { type: 'Killing', message: `failed ${event.probe} probe, will be restarted: ${event.detail}` };
  }
}
