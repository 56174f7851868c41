// A poll with a deadline, for everything the tests, the demo and the benchmarks wait for: a server to
// answer, a log line to appear, a quorum to form.

export interface PollOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** What the last attempt saw, for the message at the deadline (an attempt that threw says its error). */
  readonly describe?: () => string;
  /**
   * Called before each attempt: an error it throws ends the wait at once, as it is (the process waited
   * on exited, Ctrl-C aborted the wait).
   */
  readonly bail?: () => void;
}

/**
 * Calls `attempt` every `intervalMs` (default 100) until it returns something other than undefined, and
 * returns that. At the deadline it throws `what` and the last thing `attempt` saw (its error, or `describe()`).
 */
export async function pollUntil<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  options: PollOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    options.bail?.();
    let last: string;
    try {
      const value = await attempt();
      if (value !== undefined) return value;
      last = options.describe?.() ?? '';
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${options.timeoutMs} ms. Last: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
