// What a kubelet probe or a scrape sees from an agent's HTTP server (poll.ts waits for it to change).

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
