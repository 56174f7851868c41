// The shapes the monitoring suite reads: the Prometheus HTTP API's alerts and targets, and the Prometheus
// Operator's PodMonitor as manifests/monitoring writes it.
import type { K8sObject } from '../../../tools/manifests.ts';

export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Alert {
  readonly labels: Readonly<Record<string, string>>;
  readonly state: 'pending' | 'firing';
  readonly activeAt: string;
  readonly value: string;
}

export interface Target {
  readonly labels: Readonly<Record<string, string>>;
  readonly scrapePool: string;
  readonly scrapeUrl: string;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
}

export interface PodMetricsEndpoint {
  readonly port?: string;
  readonly path?: string;
  readonly scheme?: string;
  readonly interval?: string;
  readonly scrapeTimeout?: string;
  readonly honorLabels?: boolean;
  readonly relabelings?: readonly Record<string, unknown>[];
  readonly metricRelabelings?: readonly Record<string, unknown>[];
}

interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }[];
}

export interface PodMonitor extends K8sObject {
  readonly spec: {
    readonly jobLabel?: string;
    readonly podTargetLabels?: readonly string[];
    readonly selector: LabelSelector;
    readonly namespaceSelector?: { readonly any?: boolean; readonly matchNames?: readonly string[] };
    readonly podMetricsEndpoints: readonly PodMetricsEndpoint[];
  };
}
