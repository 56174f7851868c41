/** ZooKeeper's own series start with `zookeeper_`; the agent's own with `zk_agent_` (see agent.ts). */
export const SERVER_PREFIX = 'zookeeper_';

// Keys that only grow (until `srst` or a restart): the names ZooKeeper 3.9.5 passes to
// ServerMetrics' getCounter/getCounterSet, plus 3.4/3.5 ServerStats totals that mntr prints as plain values.
const COUNTERS = new Set([
  'add_dead_watcher_stall_time',
  'auth_failed_count',
  'bytes_received_count',
  'cnxn_closed_without_zk_server_running',
  'commit_count',
  'connection_drop_count',
  'connection_rejected',
  'connection_request_count',
  'connection_revalidate_count',
  'dead_watchers_cleared',
  'dead_watchers_queued',
  'diff_count',
  'digest_mismatches_count',
  'ensemble_auth_fail',
  'ensemble_auth_skip',
  'ensemble_auth_success',
  'fsync_threshold_exceed_count',
  'insecure_admin_count',
  'large_requests_rejected',
  'learner_commit_received_count',
  'learner_proposal_received_count',
  'looking_count',
  'outstanding_changes_queued',
  'outstanding_changes_removed',
  'packets_received',
  'packets_sent',
  'prep_processor_request_queued',
  'proposal_count',
  'quit_leading_due_to_disloyal_voter',
  'quota_exceeded_error_per_namespace',
  'request_commit_queued',
  'request_throttle_wait_count',
  'requests_not_forwarded_to_commit_processor',
  'response_bytes',
  'response_packet_cache_hits',
  'response_packet_cache_misses',
  'response_packet_get_children_cache_hits',
  'response_packet_get_children_cache_misses',
  'restore_error_count',
  'restore_rate_limited_count',
  'revalidate_count',
  'sessionless_connections_expired',
  'skip_learner_request_to_next_processor_count',
  'snap_count',
  'snapshot_error_count',
  'snapshot_rate_limited_count',
  'stale_replies',
  'stale_requests',
  'stale_requests_dropped',
  'stale_sessions_expired',
  'sync_processor_request_queued',
  'throttled_ops',
  'tls_handshake_exceeded',
  'unrecoverable_error_count',
  'unsuccessful_handshake',
  'watch_bytes',
]);

// Milliseconds that the key does not mark with `_ms` (units from ZooKeeper's ServerMetrics/ServerStats).
const MILLISECONDS = new Set([
  'ack_latency',
  'add_dead_watcher_stall_time',
  'avg_latency',
  'close_session_prep_time',
  'commit_process_time',
  'commit_propagation_latency',
  'dbinittime',
  'dead_watchers_cleaner_latency',
  'election_time',
  'follower_sync_time',
  'fsynctime',
  'leader_unavailable_time',
  'leader_uptime',
  'max_latency',
  'min_latency',
  'observer_sync_time',
  'prep_process_time',
  'propagation_latency',
  'proposal_ack_creation_latency',
  'proposal_latency',
  'proposal_process_time',
  'quorum_ack_latency',
  'readlatency',
  'restore_time',
  'snapshottime',
  'socket_closing_time',
  'startup_snap_load_time',
  'startup_txns_load_time',
  'sync_process_time',
  'unavailable_time',
  'updatelatency',
  'uptime',
  'write_batch_time_in_commit_processor',
]);

// promtool reserves `_count` for summaries and wants units spelled out; `followers` (3.4/3.5) is what
// 3.6 renamed `learners` (ZOOKEEPER-3117), so both versions feed one series.
const RENAMES: Readonly<Record<string, string>> = {
  approximate_data_size: 'approximate_data_size_bytes',
  bytes_received_count: 'received_bytes',
  ephemerals_count: 'ephemerals',
  followers: 'learners',
  last_client_response_size: 'last_client_response_size_bytes',
  last_proposal_size: 'last_proposal_size_bytes',
  max_client_response_size: 'max_client_response_size_bytes',
  max_file_descriptor_count: 'max_file_descriptors',
  max_proposal_size: 'max_proposal_size_bytes',
  min_client_response_size: 'min_client_response_size_bytes',
  min_proposal_size: 'min_proposal_size_bytes',
  non_mtls_local_conn_count: 'non_mtls_local_connections',
  non_mtls_remote_conn_count: 'non_mtls_remote_connections',
  num_alive_connections: 'alive_connections',
  open_file_descriptor_count: 'open_file_descriptors',
  watch_count: 'watches',
  znode_count: 'znodes',
};

// Metric sets print their key inside the name: zk_avg_2_ack_latency, zk_cnt_zookeeper_write_per_namespace.
const SET_KEYS: readonly [RegExp, string][] = [
  [/^(\d+)_(ack_latency|learner_handler_qp_size|learner_handler_qp_time_ms)$/, 'server_id'],
  [
    /^(.+)_((?:read|write|quota_exceeded_error|quota_(?:bytes|count)_(?:limit|usage))_per_namespace)$/,
    'namespace',
  ],
];

/** Splits a metric-set key out of a name: `2_ack_latency` → `ack_latency` with server_id="2". */
export function splitSetKey(name: string): { name: string; labels: Record<string, string> } {
  for (const [pattern, label] of SET_KEYS) {
    const match = pattern.exec(name);
    if (match?.[1] && match[2]) return { name: match[2], labels: { [label]: match[1] } };
  }
  return { name, labels: {} };
}

/**
 * Counters: the keys ZooKeeper creates as counters, and any key already named `_total` — with the
 * Prometheus provider on, mntr also carries that provider's JVM and process series
 * (`jvm_classes_loaded_total`, `process_cpu_seconds_total`), named by Prometheus' own rules.
 */
export function isCounter(name: string): boolean {
  return COUNTERS.has(name) || name.endsWith('_total');
}

export type SeriesKind = 'counter' | 'gauge' | 'summary';

/** The Prometheus name of a ZooKeeper metric, and the factor that converts its values to base units. */
export function seriesName(
  name: string,
  kind: SeriesKind,
): { name: string; divisor: number; milliseconds: boolean } {
  let base = RENAMES[name] ?? name;
  let milliseconds = MILLISECONDS.has(name);
  if (base.endsWith('_ms')) {
    base = base.slice(0, -3);
    milliseconds = true;
  }
  if (kind !== 'summary') base = base.replace(/_count$/, '');
  if (milliseconds) base += '_seconds';
  if (kind === 'counter' && !base.endsWith('_total')) base += '_total';
  return { name: SERVER_PREFIX + base, divisor: milliseconds ? 1000 : 1, milliseconds };
}

/**
 * HELP text naming the mntr key it comes from, so a reader can find it in ZooKeeper's docs:
 * `zk_<stat>_<server_id>_ack_latency` for a summary of a metric set.
 */
export function helpFor(
  name: string,
  setLabels: Readonly<Record<string, string>>,
  kind: SeriesKind,
  milliseconds: boolean,
): string {
  const parts = [kind === 'summary' ? '<stat>' : '', ...Object.keys(setLabels).map((l) => `<${l}>`), name];
  const key = `zk_${parts.filter(Boolean).join('_')}`;
  return `ZooKeeper mntr ${key}${milliseconds ? ', converted from milliseconds' : ''}.`;
}
