// ZooKeeper mode: a broker restarted within the session timeout must wait for its old registration to go,
// or it dies with NodeExistsException and the pod crash-loops (docs/design.md).
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { waitForStaleRegistration } from '../../agents/kafka/registration-wait.ts';

const logger = pino({ level: 'silent' });
const peers = [
  { host: 'kafka-0.kafka-hs', port: 9092 },
  { host: 'kafka-2.kafka-hs', port: 9092 },
];

function clock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

describe('waiting for a stale broker registration', () => {
  it('waits while a peer still lists this id, and starts once it is gone', async () => {
    const c = clock();
    // The old session expires 2 s after the restart: from then on, the peers list 1 and 3 only.
    const result = await waitForStaleRegistration({
      id: 2,
      peers,
      logger,
      maxWaitMs: 30_000,
      liveBrokerIds: async () => (c.now() < 2000 ? [1, 2, 3] : [1, 3]),
      ...c,
    });
    expect(result).toBe('clear');
    expect(c.now()).toBe(2000);
  });

  it('starts at once when no other broker answers (the first broker of a new cluster)', async () => {
    const result = await waitForStaleRegistration({
      id: 1,
      peers,
      logger,
      maxWaitMs: 30_000,
      liveBrokerIds: async () => Promise.reject(new Error('connection refused')),
      ...clock(),
    });
    expect(result).toBe('no-peer-answered');
  });

  it('asks the next peer when one is down', async () => {
    const result = await waitForStaleRegistration({
      id: 2,
      peers,
      logger,
      maxWaitMs: 30_000,
      liveBrokerIds: async (peer) =>
        peer.host.startsWith('kafka-0') ? Promise.reject(new Error('down')) : [1, 3],
      ...clock(),
    });
    expect(result).toBe('clear');
  });

  it('gives up after the session timeout and a margin, and starts anyway', async () => {
    const c = clock();
    const result = await waitForStaleRegistration({
      id: 2,
      peers,
      logger,
      maxWaitMs: 28_000,
      liveBrokerIds: async () => [1, 2, 3],
      ...c,
    });
    expect(result).toBe('gave-up');
    expect(c.now()).toBe(28_000);
  });

  it('ends at once on a stop signal', async () => {
    const stop = new AbortController();
    stop.abort();
    const result = await waitForStaleRegistration({
      id: 2,
      peers,
      logger,
      maxWaitMs: 28_000,
      liveBrokerIds: async () => [2],
      signal: stop.signal,
      ...clock(),
    });
    expect(result).toBe('aborted');
  });
});
