// ZooKeeper mode: a broker restarted within zookeeper.session.timeout.ms of a crash finds its old
// ephemeral /brokers/ids/N still there and exits with NodeExistsException ("owner … does not match current
// session"): a fast pod restart would crash-loop until the old session expires. Before starting the
// broker, the agent asks the other brokers whether this id is still registered, and waits until it is
// gone. KRaft has no such problem.
import type { Logger } from '../core/logger.ts';
import type { Endpoint } from './config.ts';

export interface RegistrationWaitOptions {
  readonly id: number;
  readonly peers: readonly Endpoint[];
  /** The ids a peer's Metadata lists as live brokers; rejects when the peer does not answer. */
  readonly liveBrokerIds: (peer: Endpoint) => Promise<readonly number[]>;
  readonly logger: Logger;
  /** Give up waiting (and start the broker anyway) after this long: the session timeout plus a margin. */
  readonly maxWaitMs: number;
  readonly pollMs?: number;
  /** Aborted by a stop signal: the wait ends at once and the broker is not started. */
  readonly signal?: AbortSignal;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now?: () => number;
}

export type RegistrationWaitResult = 'clear' | 'no-peer-answered' | 'gave-up' | 'aborted';

export async function waitForStaleRegistration(
  options: RegistrationWaitOptions,
): Promise<RegistrationWaitResult> {
  const { id, peers, logger } = options;
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? defaultSleep;
  const pollMs = options.pollMs ?? 1000;
  const started = now();
  let waited = false;
  for (;;) {
    if (options.signal?.aborted) return 'aborted';
    const answer = await firstAnswer(peers, options.liveBrokerIds);
    if (!answer) {
      // No other broker answers: the cluster's first broker, or all are down. Nobody can tell; start.
      if (waited) logger.warn('no other broker answers any more: starting the broker');
      return waited ? 'gave-up' : 'no-peer-answered';
    }
    if (!answer.ids.includes(id)) {
      if (waited)
        logger.info(
          { peer: `${answer.peer.host}:${answer.peer.port}`, waitedMs: Math.round(now() - started) },
          `broker.id ${id} is no longer registered: starting the broker`,
        );
      return 'clear';
    }
    if (now() - started >= options.maxWaitMs) {
      logger.warn(
        { waitedMs: Math.round(now() - started) },
        `broker.id ${id} is still registered after the wait: starting the broker anyway`,
      );
      return 'gave-up';
    }
    if (!waited) {
      logger.info(
        { peer: `${answer.peer.host}:${answer.peer.port}` },
        `broker.id ${id} is still registered in ZooKeeper (the previous broker's session has not expired yet): waiting for it to go before starting, so the broker does not die with NodeExistsException`,
      );
    }
    waited = true;
    await sleep(pollMs, options.signal).catch(() => {});
  }
}

async function firstAnswer(
  peers: readonly Endpoint[],
  liveBrokerIds: RegistrationWaitOptions['liveBrokerIds'],
): Promise<{ peer: Endpoint; ids: readonly number[] } | undefined> {
  const answers = await Promise.allSettled(
    peers.map(async (peer) => ({ peer, ids: await liveBrokerIds(peer) })),
  );
  for (const answer of answers) if (answer.status === 'fulfilled') return answer.value;
  return undefined;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
