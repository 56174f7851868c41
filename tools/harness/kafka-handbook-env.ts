// The handbook's kafka.yaml env for its three brokers, as the ZooKeeper-mode test and the demo start them:
// KAFKA_BROKER_ID from metadata.name (a pod name, not a number) and a literal $(hostname -f) in the
// advertised listener, which Kubernetes passes through unexpanded (docs/design.md). The heap is the harness's
// small one (three brokers on two cores), not the handbook's.

export const HANDBOOK_KAFKA_ENV: Readonly<Record<string, string>> = {
  KAFKA_LOG_RETENTION_HOURS: '168',
  KAFKA_LOG_SEGMENT_BYTES: '1073741824',
  KAFKA_LOG_RETENTION_CHECK_INTERVAL_MS: '300000',
};

export function handbookKafkaPodEnv(pod: {
  readonly hostname: string;
  readonly brokerPort: number;
}): Readonly<Record<string, string>> {
  return {
    KAFKA_BROKER_ID: pod.hostname,
    KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://$(hostname -f):${pod.brokerPort}`,
  };
}
