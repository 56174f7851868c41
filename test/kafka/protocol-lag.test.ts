import type {
  findCoordinatorV4,
  listGroupsV4,
  listOffsetsV7,
  metadataV12,
  offsetFetchV8,
} from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import {
  committedOffsets,
  computeLag,
  consumerGroupIds,
  endOffsetRequests,
  endOffsets,
  groupsByCoordinator,
  partitionKey,
  unlistableGroupGaps,
} from '../../agents/kafka/protocol/lag.ts';
import { toClusterMetadata } from '../../agents/kafka/protocol/metadata.ts';
import { fixture } from './protocol-fixtures.ts';

const metadata = (name: string) => toClusterMetadata(fixture<metadataV12.MetadataResponse>(name));
const listGroups = (groups: Partial<listGroupsV4.ListGroupsResponseGroup>[]) => ({
  throttleTimeMs: 0,
  errorCode: 0,
  groups: groups.map((g) => ({ groupId: 'g', protocolType: 'consumer', groupState: 'Empty', ...g })),
});

describe('consumer group lag from recorded answers', () => {
  it('matches kafka-consumer-groups --describe for groups without members', () => {
    // g-offsets-only: offsets set by AlterConsumerGroupOffsets, never a member (protocol type "");
    // g-consumer: a classic consumer that committed and left; g-848: a KIP-848 consumer that left.
    const groups = consumerGroupIds(fixture<listGroupsV4.ListGroupsResponse[]>('kraft-list-groups'));
    expect(groups).toEqual(['g-848', 'g-consumer', 'g-offsets-only']);
    const found = groupsByCoordinator(
      fixture<findCoordinatorV4.FindCoordinatorResponse>('kraft-find-coordinator'),
    );
    expect(found.gaps).toEqual([]);
    expect(found.coordinators).toEqual([
      {
        broker: { nodeId: 1, host: '127.0.0.1', port: 39192 },
        groups: ['g-848', 'g-consumer', 'g-offsets-only'],
      },
    ]);
    const committed = fixture<offsetFetchV8.OffsetFetchResponse[]>('kraft-offset-fetch').flatMap(
      (r) => committedOffsets(r).offsets,
    );
    const ends = new Map<string, number>();
    for (const r of fixture<listOffsetsV7.ListOffsetsResponse[]>('kraft-list-offsets')) {
      for (const [key, offset] of endOffsets(r).offsets) ends.set(key, offset);
    }
    const table = computeLag(committed, ends).map((r) =>
      [r.group, r.topic, r.partition, r.committedOffset, r.endOffset, r.lag].join(' '),
    );
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG, as Kafka 4.2's tool printed it.
    expect(table).toEqual([
      'g-848 orders 0 10 10 0',
      'g-848 orders 1 5 20 15',
      'g-848 orders 2 0 30 30',
      'g-consumer solo 0 5 5 0',
      'g-consumer solo 1 7 10 3',
      'g-offsets-only orders 0 4 10 6',
      'g-offsets-only orders 1 20 20 0',
      'g-offsets-only orders 2 0 30 30',
      'g-offsets-only solo 0 1 5 4',
    ]);
  });

  it('asks each partition leader for the end offsets of the partitions it leads', () => {
    const committed = [
      { group: 'a', topic: 'orders', partition: 0, committedOffset: 1 },
      { group: 'b', topic: 'orders', partition: 0, committedOffset: 2 },
      { group: 'a', topic: 'orders', partition: 1, committedOffset: 1 },
    ];
    const { requests, gaps } = endOffsetRequests(committed, metadata('kraft-metadata'));
    expect(gaps).toEqual([]);
    expect(requests.map((r) => [r.broker.nodeId, r.topics])).toEqual([
      [1, [{ name: 'orders', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1n }] }]],
      [2, [{ name: 'orders', partitions: [{ partitionIndex: 1, currentLeaderEpoch: -1, timestamp: -1n }] }]],
    ]);
  });
});

describe('consumer group lag, partial answers', () => {
  it('lists groups that only committed offsets (protocol type ""), skips share groups', () => {
    const answer = listGroups([
      { groupId: 'offsets-only', protocolType: '' },
      { groupId: 'app', protocolType: 'consumer' },
      { groupId: 'shared', protocolType: 'share' },
    ]);
    expect(consumerGroupIds([answer, listGroups([{ groupId: 'app' }])])).toEqual(['app', 'offsets-only']);
  });

  it('reports groups without a coordinator as gaps', () => {
    const { coordinators, gaps } = groupsByCoordinator({
      throttleTimeMs: 0,
      coordinators: [
        { key: 'a', nodeId: 2, host: 'kafka-2', port: 9092, errorCode: 0, errorMessage: null },
        { key: 'b', nodeId: -1, host: '', port: -1, errorCode: 15, errorMessage: null },
      ],
    });
    expect(coordinators).toEqual([{ broker: { nodeId: 2, host: 'kafka-2', port: 9092 }, groups: ['a'] }]);
    expect(gaps).toEqual([{ group: 'b', reason: 'no coordinator: COORDINATOR_NOT_AVAILABLE' }]);
  });

  it('leaves out partitions without a committed offset and reports groups that failed', () => {
    const partition = { committedLeaderEpoch: -1, metadata: '', errorCode: 0 };
    const { offsets, gaps } = committedOffsets({
      throttleTimeMs: 0,
      groups: [
        {
          groupId: 'a',
          errorCode: 0,
          topics: [
            {
              name: 't',
              partitions: [
                { ...partition, partitionIndex: 0, committedOffset: 7n },
                { ...partition, partitionIndex: 1, committedOffset: -1n },
              ],
            },
          ],
        },
        { groupId: 'b', errorCode: 14, topics: [] },
      ],
    });
    expect(offsets).toEqual([{ group: 'a', topic: 't', partition: 0, committedOffset: 7 }]);
    expect(gaps).toEqual([{ group: 'b', reason: 'COORDINATOR_LOAD_IN_PROGRESS' }]);
  });

  it('reports partitions without a live leader or deleted since the commit, asks for the rest', () => {
    const committed = [
      { group: 'a', topic: 'solo', partition: 0, committedOffset: 1 },
      { group: 'a', topic: 'orders', partition: 1, committedOffset: 1 },
      { group: 'a', topic: 'deleted', partition: 0, committedOffset: 1 },
    ];
    const { requests, gaps } = endOffsetRequests(committed, metadata('kraft-broker2-down-metadata'));
    expect(gaps).toEqual([
      { topic: 'solo', partition: 0, reason: 'no live leader' },
      { topic: 'deleted', partition: 0, reason: 'unknown topic or partition' },
    ]);
    expect(requests.map((r) => r.broker.nodeId)).toEqual([1]);
  });

  it('reports end offsets a leader could not give', () => {
    const { offsets, gaps } = endOffsets({
      throttleTimeMs: 0,
      topics: [
        {
          name: 't',
          partitions: [
            { partitionIndex: 0, errorCode: 0, timestamp: -1n, offset: 42n, leaderEpoch: 3 },
            { partitionIndex: 1, errorCode: 6, timestamp: -1n, offset: -1n, leaderEpoch: -1 },
          ],
        },
      ],
    });
    expect([...offsets]).toEqual([[partitionKey('t', 0), 42]]);
    expect(gaps).toEqual([{ topic: 't', partition: 1, reason: 'NOT_LEADER_OR_FOLLOWER' }]);
  });

  it('never reports negative lag: a commit past the end (after truncation) counts as caught up', () => {
    const rows = computeLag(
      [{ group: 'a', topic: 't', partition: 0, committedOffset: 50 }],
      new Map([[partitionKey('t', 0), 40]]),
    );
    expect(rows).toEqual([
      { group: 'a', topic: 't', partition: 0, committedOffset: 50, endOffset: 40, lag: 0 },
    ]);
  });

  it('says which __consumer_offsets partitions have no leader: their groups cannot be listed', () => {
    expect(unlistableGroupGaps(metadata('kraft-metadata'))).toEqual([]);
    expect(unlistableGroupGaps(metadata('kraft-broker2-down-metadata'))).toEqual([
      {
        topic: '__consumer_offsets',
        partition: 1,
        reason: 'no live leader: the consumer groups stored in this partition cannot be listed',
      },
    ]);
  });
});
