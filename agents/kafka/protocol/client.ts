// The kafka-agent's only door to Kafka: a few requests over @platformatic/kafka's connection pool and its
// codecs (no protocol written here), each call under one deadline. Raw APIs rather than the library's
// Admin client: Admin retries, fails a whole call when one broker of the cluster is down, leaves internal
// topics out of metadata() and has no DescribeQuorum; a probe wants this broker's answer, now, or a reason.
import {
  ConfigResourceTypes,
  ConnectionPool,
  FetchIsolationLevels,
  FindCoordinatorKeyTypes,
  ResponseError,
  apiVersionsV3,
  clientSoftwareName,
  clientSoftwareVersion,
  describeClusterV1,
  describeQuorumV0,
  describeQuorumV1,
  describeQuorumV2,
  findCoordinatorV4,
  findErrorBy,
  IncrementalAlterConfigOperationTypes,
  incrementalAlterConfigsV1,
  listGroupsV4,
  listOffsetsV7,
  metadataV12,
  offsetFetchV8,
} from './library.ts';
import type { Broker, Connection } from '@platformatic/kafka';
import { settleWithin, withDeadline } from './deadline.ts';
import { KafkaCallError, timeoutError, toKafkaCallError } from './failure.ts';
import {
  committedOffsets,
  computeLag,
  consumerGroupIds,
  endOffsetRequests,
  endOffsets,
  groupsByCoordinator,
  unlistableGroupGaps,
} from './lag.ts';
import { errorName, toClusterMetadata } from './metadata.ts';
import { METADATA_TOPIC, describeQuorumVersion, toQuorumInfo } from './quorum.ts';
import type {
  ClusterMetadata,
  ConsumerGroupLag,
  KafkaClient,
  KafkaClientOptions,
  LagGap,
  QuorumInfo,
} from './types.ts';

// Fixed request versions, all offered by Kafka 3.5 through 4.2 (checked on 3.9.1 and 4.2.0): ApiVersions v3,
// Metadata v12, ListGroups v4, FindCoordinator v4 (batched), OffsetFetch v8 (batched), ListOffsets v7,
// DescribeCluster v1, IncrementalAlterConfigs v1. Only DescribeQuorum is negotiated: v2 arrived in 3.9, and ZooKeeper mode has none.
const DESCRIBE_QUORUM = [describeQuorumV0.api, describeQuorumV1.api, describeQuorumV2.api] as const;
/** DescribeCluster's endpoint_type for controller listeners (KIP-919, Kafka 3.7+). */
const CONTROLLER_ENDPOINTS = 2;

type ApiRange = apiVersionsV3.ApiVersionsResponseApi;

/** One call's deadline and its way to connect (which remembers whom it asked). */
interface Session {
  readonly deadlineAt: number;
  connect(broker: Broker): Promise<Connection>;
}

export function createKafkaClient(options: KafkaClientOptions): KafkaClient {
  const { host, port, timeoutMs } = options;
  const self: Broker = { host, port };
  const where = address(self);
  const { tls, sasl } = options;
  const pool = new ConnectionPool(options.clientId ?? 'kafka-agent', {
    connectTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    ...(tls ? { tls } : {}),
    ...(sasl
      ? { sasl: { mechanism: 'SCRAM-SHA-512', username: sasl.username, password: sasl.password } }
      : {}),
  });
  // A Connection re-emits its socket's errors as 'error' events and the pool listens only once: a second
  // one with no listener left would be thrown, i.e. crash the agent. Calls still get their rejections.
  pool.on('connecting', ({ connection }) => connection.on('error', () => {}));
  const apisOf = new WeakMap<Connection, ApiRange[]>();
  let closing: Promise<void> | undefined;

  /**
   * Runs one call under the deadline; whatever it rejects with becomes a KafkaCallError. Connections the
   * call was still waiting on at its deadline are dropped: a broker that let one request hang would hold
   * the next on the same socket too (and the library closes it at its own request timeout anyway).
   */
  async function call<T>(name: string, work: (session: Session) => Promise<T>): Promise<T> {
    const context = { call: name, where, timeoutMs };
    if (closing) throw new KafkaCallError('client-closed', `${name}: the Kafka client is closed`);
    const used = new Set<Broker>();
    let last = self;
    const session: Session = {
      deadlineAt: performance.now() + timeoutMs,
      connect: (broker) => {
        used.add(broker);
        last = broker;
        return connect(broker);
      },
    };
    try {
      const running = Promise.resolve().then(() => work(session));
      return await withDeadline(running, timeoutMs, () => {
        for (const broker of used) abandon(broker);
        // Name the broker the call was waiting for: DescribeQuorum may have moved on to the leader.
        const waitingFor = last === self ? where : `${address(last)} (asked via ${where})`;
        return timeoutError({ ...context, where: waitingFor });
      });
    } catch (error) {
      // close() cut the socket under this call: that is what happened, not the broker closing it.
      if (closing)
        throw new KafkaCallError('client-closed', `${name}: the Kafka client is closed`, { cause: error });
      throw toKafkaCallError(error, context);
    }
  }

  /**
   * The pooled connection to `broker`. One that is being torn down stays in the pool until its socket
   * has closed: wait for that and connect afresh rather than fail with "connection closed".
   */
  async function connect(broker: Broker): Promise<Connection> {
    const existing = pool.getEstablishedConnection(broker);
    if (existing && (existing.status === 'closing' || existing.socket?.destroyed)) {
      await new Promise((resolve) => existing.once('close', resolve));
    }
    return pool.get(broker);
  }

  /** Drops the connection to a broker that did not answer in time; its pending requests fail quietly. */
  function abandon(broker: Broker): void {
    pool.getEstablishedConnection(broker)?.socket?.destroy();
  }

  async function listApis(connection: Connection): Promise<ApiRange[]> {
    const version = String(clientSoftwareVersion);
    const response = await apiVersionsV3.api.async(connection, clientSoftwareName, version);
    apisOf.set(connection, response.apiKeys);
    return response.apiKeys;
  }

  // Per-topic and per-partition errors (an offline partition's LEADER_NOT_AVAILABLE) are data here, not
  // a failed call: toClusterMetadata keeps them on the topic or partition.
  async function fetchMetadata(connection: Connection): Promise<ClusterMetadata> {
    return toClusterMetadata(await allowPartial(metadataV12.api.async(connection, null, false, false)));
  }

  async function describeQuorumAt(session: Session, broker: Broker): Promise<QuorumInfo> {
    const connection = await session.connect(broker);
    const version = describeQuorumVersion(apisOf.get(connection) ?? (await listApis(connection)));
    if (version === undefined) {
      const why = 'a ZooKeeper-mode broker has no KRaft quorum';
      throw new KafkaCallError(
        'unsupported',
        `DescribeQuorum: ${address(broker)} does not offer it (${why})`,
      );
    }
    const request = [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }];
    return toQuorumInfo(await DESCRIBE_QUORUM[version].async(connection, request));
  }

  /**
   * A broker forwards DescribeQuorum to the active controller, but a controller that is not the leader
   * answers NOT_LEADER_OR_FOLLOWER. On a controller listener DescribeCluster names the active controller
   * (KIP-919): ask it instead.
   */
  async function describeQuorum(session: Session): Promise<QuorumInfo> {
    try {
      return await describeQuorumAt(session, self);
    } catch (error) {
      if (!findErrorBy(error as Error, 'apiId', 'NOT_LEADER_OR_FOLLOWER')) throw error;
      const cluster = await describeClusterV1.api
        .async(await session.connect(self), false, CONTROLLER_ENDPOINTS)
        .catch(() => undefined);
      const leader = cluster?.brokers.find((b) => b.brokerId === cluster.controllerId);
      if (!leader || (leader.host === host && leader.port === port)) throw error;
      return describeQuorumAt(session, { host: leader.host, port: leader.port });
    }
  }

  async function consumerGroupLag(session: Session): Promise<ConsumerGroupLag[]> {
    const left = (): number => session.deadlineAt - performance.now();
    const gaps: LagGap[] = [];
    const metadata = await fetchMetadata(await session.connect(self));
    gaps.push(...unlistableGroupGaps(metadata));

    // Each broker lists only the groups it coordinates: ask all, for at most a third of the time left,
    // so that a broker that is gone leaves time for the other steps.
    const listed = await fanOut(
      session,
      'ListGroups',
      metadata.brokers,
      (b) => b,
      left() / 3,
      gaps,
      async (c, b) => {
        const response = await allowPartial(listGroupsV4.api.async(c, [], []));
        if (response.errorCode !== 0) {
          gaps.push({ reason: `ListGroups on ${address(b)}: ${errorName(response.errorCode)}` });
        }
        return response;
      },
    );
    const groups = consumerGroupIds(listed);
    if (groups.length === 0) return report([], gaps);

    const coordinators = groupsByCoordinator(
      await allowPartial(
        findCoordinatorV4.api.async(await session.connect(self), FindCoordinatorKeyTypes.GROUP, groups),
      ),
    );
    gaps.push(...coordinators.gaps);
    const fetched = await fanOut(
      session,
      'OffsetFetch',
      coordinators.coordinators,
      (cg) => cg.broker,
      left() / 2,
      gaps,
      (c, cg) => {
        const request = cg.groups.map((groupId) => ({
          groupId,
          memberId: null,
          memberEpoch: -1,
          topics: null,
        }));
        return allowPartial(offsetFetchV8.api.async(c, request, false));
      },
    );
    const committed = fetched.flatMap((response) => {
      const result = committedOffsets(response);
      gaps.push(...result.gaps);
      return result.offsets;
    });

    const leaders = endOffsetRequests(committed, metadata);
    gaps.push(...leaders.gaps);
    const isolation = FetchIsolationLevels.READ_UNCOMMITTED;
    const answers = await fanOut(
      session,
      'ListOffsets',
      leaders.requests,
      (r) => r.broker,
      left() * 0.9,
      gaps,
      (c, r) => allowPartial(listOffsetsV7.api.async(c, -1, isolation, r.topics)),
    );
    const ends = new Map<string, number>();
    for (const answer of answers) {
      const result = endOffsets(answer);
      gaps.push(...result.gaps);
      for (const [key, offset] of result.offsets) ends.set(key, offset);
    }
    return report(computeLag(committed, ends), gaps);
  }

  /**
   * One request per item to the item's broker, for at most `budgetMs`. Brokers that fail or stay silent
   * become gaps; if none answers, the call fails with the first one's reason.
   */
  async function fanOut<I, T>(
    session: Session,
    name: string,
    items: readonly I[],
    brokerOf: (item: I) => Broker,
    budgetMs: number,
    gaps: LagGap[],
    request: (connection: Connection, item: I) => Promise<T>,
  ): Promise<T[]> {
    const budget = Math.max(0, Math.floor(budgetMs));
    const contextOf = (item: I) => ({ call: name, where: address(brokerOf(item)), timeoutMs: budget });
    const settled = await settleWithin(
      items,
      async (item) => request(await session.connect(brokerOf(item)), item),
      budget,
      (item) => {
        abandon(brokerOf(item));
        return timeoutError(contextOf(item));
      },
    );
    const values: T[] = [];
    const failures: KafkaCallError[] = [];
    settled.forEach((result, i) => {
      if (result.ok) values.push(result.value);
      else failures.push(toKafkaCallError(result.error, contextOf(items[i] as I)));
    });
    if (values.length === 0 && failures[0]) throw failures[0];
    gaps.push(...failures.map((failure) => ({ reason: failure.message })));
    return values;
  }

  function report(rows: ConsumerGroupLag[], gaps: readonly LagGap[]): ConsumerGroupLag[] {
    if (options.onLagGap) for (const gap of gaps) options.onLagGap(gap);
    return rows;
  }

  async function setBrokerConfigs(session: Session, id: number, configs: ReadonlyMap<string, string>) {
    const resource = {
      resourceType: ConfigResourceTypes.BROKER,
      resourceName: String(id),
      configs: [...configs].map(([name, value]) => ({
        name,
        configOperation: IncrementalAlterConfigOperationTypes.SET,
        value,
      })),
    };
    const response = await allowPartial(
      incrementalAlterConfigsV1.api.async(await session.connect(self), [resource], false),
    );
    const failed = response.responses.find((r) => r.errorCode !== 0);
    if (failed) {
      throw new Error(
        `${errorName(failed.errorCode)}${failed.errorMessage ? `: ${failed.errorMessage}` : ''}`,
      );
    }
  }

  async function close(): Promise<void> {
    const connections = [...pool].map(([, connection]) => connection);
    const closed = pool.close();
    // A connection still waiting for its SYN to be answered would hold close() for the whole connect
    // timeout; nothing was sent on it, so cut it now.
    for (const connection of connections) if (!connection.isConnected()) connection.socket?.destroy();
    await withDeadline(closed, timeoutMs, () => new Error('close timed out')).catch(() => {
      for (const connection of connections) connection.socket?.destroy();
    });
  }

  return {
    apiVersions: () =>
      call('ApiVersions', async (session) => {
        await listApis(await session.connect(self));
      }),
    metadata: () => call('Metadata', async (session) => fetchMetadata(await session.connect(self))),
    describeQuorum: () => call('DescribeQuorum', describeQuorum),
    consumerGroupLag: () => call('consumer group lag', consumerGroupLag),
    setBrokerConfigs: (id, configs) =>
      call('IncrementalAlterConfigs', (session) => setBrokerConfigs(session, id, configs)),
    close: () => (closing ??= close()),
  };
}

/**
 * The library rejects a whole response when any entry in it carries an error code; here such entries
 * are data (an offline partition, a group without a coordinator), so take the response it carries.
 */
async function allowPartial<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof ResponseError && error.response !== undefined) return error.response as T;
    throw error;
  }
}

function address(broker: Broker): string {
  return broker.host.includes(':') ? `[${broker.host}]:${broker.port}` : `${broker.host}:${broker.port}`;
}
