// What a kubelet probe or a scrape sees from an agent's HTTP server, and a poll with a deadline for
// the tests that wait for a pod's probes to change.

export interface AgentResponse {
  readonly status: number;
  readonly body: string;
  /** From sending the request to the end of the body. */
  readonly elapsedMs: number;
  /** The body as JSON (probes and / answer JSON). */
  json<T = { ok: boolean; reason: string; details?: Record<string, unknown> }>(): T;
}

/**
 * GET http://127.0.0.1:<port><path>. A request that gets no answer within `timeoutMs` rejects (a kubelet
 * would count it as a failed probe; the tests want to see that it never happens).
 */
export async function agentGet(port: number, path: string, timeoutMs = 5000): Promise<AgentResponse> {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
  const body = await response.text();
  return {
    status: response.status,
    body,
    elapsedMs: performance.now() - started,
    json: <T>() => JSON.parse(body) as T,
  };
}

/**
 * Calls `attempt` every `intervalMs` until it returns something other than undefined, and returns that.
 * At the deadline it throws `what` and the last thing `attempt` saw (its error, or `describe()`).
 */
export async function pollUntil<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; describe?: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
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
