import { MultipleErrors, NetworkError, ResponseError, TimeoutError } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { KafkaCallError, toKafkaCallError } from '../../agents/kafka/protocol/failure.ts';

const context = { call: 'Metadata', where: '127.0.0.1:9092', timeoutMs: 1000 };

/** What Node's net and dns hand the library: an Error with errno, code, syscall and the address. */
function systemError(code: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(`${String(fields.syscall)} ${code}`), { errno: -1, code, ...fields });
}

/** How the library wraps a failed connect: pool → "Cannot connect to any broker" → the socket error. */
function failedConnect(cause: Error): Error {
  const connect = new NetworkError('Connection to 127.0.0.1:9092 failed.', { cause });
  return new MultipleErrors('Cannot connect to any broker.', [connect]);
}

describe('library errors → one operator-readable line', () => {
  it('says "connection refused" with the address the socket tried', () => {
    const refused = systemError('ECONNREFUSED', { syscall: 'connect', address: '127.0.0.1', port: 9092 });
    const error = toKafkaCallError(failedConnect(refused), context);
    expect(error).toBeInstanceOf(KafkaCallError);
    expect(error).toMatchObject({ reason: 'refused', message: 'connection refused on 127.0.0.1:9092' });
    expect(error.cause).toBeInstanceOf(MultipleErrors);
  });

  it('names the host that does not resolve', () => {
    const unknown = systemError('ENOTFOUND', { syscall: 'getaddrinfo', hostname: 'kafka-3.kafka-hs' });
    expect(toKafkaCallError(failedConnect(unknown), context)).toMatchObject({
      reason: 'unresolved',
      message: 'cannot resolve kafka-3.kafka-hs (ENOTFOUND)',
    });
  });

  it('reports a connection closed by the broker mid-call (a ZooKeeper-mode broker asked DescribeQuorum)', () => {
    const closed = new NetworkError('Connection closed');
    const error = toKafkaCallError(closed, { ...context, call: 'DescribeQuorum' });
    expect(error).toMatchObject({
      reason: 'closed',
      message: '127.0.0.1:9092 closed the connection during DescribeQuorum',
    });
  });

  it("reports the library's own timeouts like ours", () => {
    const error = toKafkaCallError(new TimeoutError('Request timed out'), context);
    expect(error).toMatchObject({
      reason: 'timeout',
      message: 'Metadata: no answer from 127.0.0.1:9092 within 1000 ms',
    });
  });

  it("names Kafka's error, without the stock description brokers echo as the message", () => {
    const stock =
      'For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.';
    const notLeader = new ResponseError(55, 2, { '/topics/0/partitions/0': [6, stock] }, {});
    expect(toKafkaCallError(notLeader, { ...context, call: 'DescribeQuorum' })).toMatchObject({
      reason: 'protocol',
      message: 'DescribeQuorum on 127.0.0.1:9092 failed: NOT_LEADER_OR_FOLLOWER',
    });
    const explained = new ResponseError(3, 12, { '/': [29, 'not allowed to describe topics'] }, {});
    expect(toKafkaCallError(explained, context).message).toBe(
      'Metadata on 127.0.0.1:9092 failed: TOPIC_AUTHORIZATION_FAILED: not allowed to describe topics',
    );
  });

  it('says the client is closed when its pool is', () => {
    const closed = new NetworkError('Connection pool is closed.', { canRetry: false, closed: true });
    expect(toKafkaCallError(closed, context)).toMatchObject({
      reason: 'client-closed',
      message: 'Metadata: the Kafka client is closed',
    });
  });

  it('keeps a KafkaCallError as it is and shows anything else with its message', () => {
    const own = new KafkaCallError('unsupported', 'DescribeQuorum: not offered');
    expect(toKafkaCallError(own, context)).toBe(own);
    expect(toKafkaCallError(new Error('boom'), context)).toMatchObject({
      reason: 'error',
      message: 'Metadata on 127.0.0.1:9092 failed: boom',
    });
  });
});
