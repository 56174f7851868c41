import type { apiVersionsV3, describeQuorumV2 } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { describeQuorumVersion, toQuorumInfo } from '../../agents/kafka/protocol/quorum.ts';
import { fixture } from './protocol-fixtures.ts';

type Quorum = describeQuorumV2.DescribeQuorumResponse;
const apis = (name: string) => fixture<apiVersionsV3.ApiVersionsResponse>(name).apiKeys;

describe('DescribeQuorum answer → QuorumInfo', () => {
  it('gives leader, epoch, high watermark and each voter and observer with its offsets', () => {
    expect(toQuorumInfo(fixture<Quorum>('kraft-describe-quorum'))).toEqual({
      leaderId: 1,
      leaderEpoch: 1,
      highWatermark: 93,
      voters: [
        {
          replicaId: 1,
          logEndOffset: 93,
          lastFetchTimestamp: 1796113566486,
          lastCaughtUpTimestamp: 1796113566486,
        },
      ],
      observers: [
        {
          replicaId: 2,
          logEndOffset: 93,
          lastFetchTimestamp: 1796113566102,
          lastCaughtUpTimestamp: 1796113566102,
        },
      ],
    });
  });

  it('leaves out timestamps the leader does not know (-1, and always with DescribeQuorum v0)', () => {
    const answer = fixture<Quorum>('kraft-describe-quorum');
    const voter = answer.topics[0]!.partitions[0]!.currentVoters[0]!;
    voter.lastFetchTimestamp = -1n;
    voter.lastCaughtUpTimestamp = -1n;
    expect(toQuorumInfo(answer).voters).toEqual([{ replicaId: 1, logEndOffset: 93 }]);
  });

  it('fails on an answer without the __cluster_metadata partition', () => {
    const answer: Quorum = { errorCode: 0, errorMessage: null, topics: [], nodes: [] };
    expect(() => toQuorumInfo(answer)).toThrow('no __cluster_metadata partition 0');
  });
});

describe('DescribeQuorum version', () => {
  it('is v2 on Kafka 4.2', () => {
    expect(describeQuorumVersion(apis('kraft-api-versions'))).toBe(2);
  });

  it('is none on a ZooKeeper-mode 3.9.1 broker, which does not list the API', () => {
    expect(describeQuorumVersion(apis('zk-api-versions'))).toBeUndefined();
  });

  it('falls back to the newest the broker speaks (3.3–3.8 stop at v1)', () => {
    const range = { apiKey: 55, name: 'DescribeQuorum', minVersion: 0, maxVersion: 1 };
    expect(describeQuorumVersion([range])).toBe(1);
    expect(describeQuorumVersion([{ ...range, minVersion: 3, maxVersion: 4 }])).toBeUndefined();
  });
});
