// What the kafka-agent learns from Kafka, in its own shapes: the rest of the agent imports these, never
// @platformatic/kafka's response types. Offsets are numbers (exact up to 2^53, far beyond any real log).

export interface KafkaClientOptions {
  readonly host: string;
  readonly port: number;
  /** The deadline of each call, connecting included (ms). */
  readonly timeoutMs: number;
  readonly clientId?: string;
  /** TLS (SSL and SASL_SSL listeners): node:tls options, the client certificate among them for mTLS. */
  readonly tls?: import('node:tls').ConnectionOptions;
  /** SCRAM-SHA-512 (SASL_SSL and SASL_PLAINTEXT listeners). */
  readonly sasl?: { readonly username: string; readonly password: () => string };
  /** Told about each broker, group or partition that consumerGroupLag() had to leave out, and why. */
  readonly onLagGap?: (gap: LagGap) => void;
}

/**
 * Every call rejects with a KafkaCallError (failure.ts) within timeoutMs: a broker that is down, hung or
 * speaks another protocol never holds the caller longer.
 */
export interface KafkaClient {
  /** ApiVersions on host:port: does the listener answer Kafka requests at all. */
  apiVersions(): Promise<void>;
  /** Metadata of every topic (internal ones included) as host:port sees the cluster. */
  metadata(): Promise<ClusterMetadata>;
  /**
   * DescribeQuorum of the KRaft metadata log, through host:port. A broker forwards it to the active
   * controller; a controller that is not the leader answers NOT_LEADER_OR_FOLLOWER, and then the leader
   * named by DescribeCluster is asked instead. ZooKeeper-mode brokers reject with reason 'unsupported'.
   */
  describeQuorum(): Promise<QuorumInfo>;
  /** Lag of every consumer group, with or without members, on every partition it committed. */
  consumerGroupLag(): Promise<ConsumerGroupLag[]>;
  /**
   * IncrementalAlterConfigs SET of `configs` on broker (or KRaft controller) `id`, through host:port.
   * Setting a store's location to the path it already has makes Kafka reload the file (KIP-226).
   */
  setBrokerConfigs(id: number, configs: ReadonlyMap<string, string>): Promise<void>;
  /** Closes every connection; calls after it reject with reason 'client-closed'. */
  close(): Promise<void>;
}

export interface BrokerInfo {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack?: string;
}

export interface PartitionInfo {
  readonly partition: number;
  /** -1 when the partition has no leader (offline). */
  readonly leader: number;
  readonly replicas: number[];
  readonly isr: number[];
  readonly offlineReplicas?: number[];
  /** Kafka's error name for this partition, e.g. LEADER_NOT_AVAILABLE; absent when none. */
  readonly error?: string;
}

export interface TopicInfo {
  readonly name: string;
  readonly internal?: boolean;
  readonly partitions: PartitionInfo[];
  /** Kafka's error name for this topic, e.g. TOPIC_AUTHORIZATION_FAILED; absent when none. */
  readonly error?: string;
}

export interface ClusterMetadata {
  readonly clusterId?: string;
  /**
   * As the broker reports it. In KRaft this is NOT the active controller: a broker answers with some
   * live broker's id (KIP-590 keeps the controller hidden from clients); DescribeQuorum's leaderId is.
   */
  readonly controllerId: number;
  /** The brokers this broker considers alive; in KRaft, registered and unfenced. */
  readonly brokers: BrokerInfo[];
  readonly topics: TopicInfo[];
}

export interface QuorumReplica {
  readonly replicaId: number;
  readonly logEndOffset: number;
  /** ms since the epoch; absent when the leader does not know it (DescribeQuorum v0, or -1). */
  readonly lastFetchTimestamp?: number;
  readonly lastCaughtUpTimestamp?: number;
}

export interface QuorumInfo {
  /** The active controller; -1 while an election is under way. */
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly highWatermark: number;
  readonly voters: QuorumReplica[];
  readonly observers: QuorumReplica[];
}

export interface ConsumerGroupLag {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** endOffset - committedOffset, never below 0 (a commit past the end only follows a truncation). */
  readonly lag: number;
  readonly committedOffset: number;
  /** The partition's high watermark: what a read_uncommitted consumer can reach. */
  readonly endOffset: number;
}

/** Something that kept a broker, group or partition out of consumerGroupLag()'s answer. */
export interface LagGap {
  readonly group?: string;
  readonly topic?: string;
  readonly partition?: number;
  readonly reason: string;
}
