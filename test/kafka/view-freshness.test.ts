// Readiness gates a rolling restart, so the view never hands a probe a Metadata answer past 1 s old,
// even though metrics may take one up to 2 s old while a refresh runs (the "at most 1 s").
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClusterMetadata, KafkaClient } from '../../agents/kafka/protocol/types.ts';
import { createKafkaView } from '../../agents/kafka/view.ts';

function countingClient() {
  let asked = 0;
  let release: (() => void) | undefined;
  const client = {
    metadata: () =>
      new Promise<ClusterMetadata>((resolve) => {
        const answer = { asked: ++asked } as unknown as ClusterMetadata;
        release = () => resolve(answer);
      }),
    close: async () => {},
  } as unknown as KafkaClient;
  return { client, asked: () => asked, release: () => release?.() };
}

describe('the Kafka view', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['performance', 'Date', 'setTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('hands a probe no Metadata answer older than 1 s, while a scrape may take the 1.5 s old one', async () => {
    const broker = countingClient();
    const view = createKafkaView({ host: '127.0.0.1', port: 9092 }, 1000, () => broker.client, {
      staleMs: 2000,
    });
    const first = view.metadata();
    await vi.advanceTimersByTimeAsync(0);
    broker.release();
    expect(await first).toEqual({ asked: 1 });

    await vi.advanceTimersByTimeAsync(1500);
    expect(await view.metadata('scrape'), 'a scrape takes the stale answer at once').toEqual({ asked: 1 });
    let probe: unknown;
    const probed = view.metadata().then((answer) => (probe = answer));
    await vi.advanceTimersByTimeAsync(0);
    expect(probe, 'the probe waits for the refresh').toBeUndefined();
    expect(broker.asked(), 'scrape and probe share one refresh').toBe(2);
    broker.release();
    await probed;
    expect(probe).toEqual({ asked: 2 });
  });
});
