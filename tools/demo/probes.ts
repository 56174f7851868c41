// What the kubelet sees of each pod: its agent's /livez and /readyz, printed once every pod is ready
// (or after `waitMs`, or Ctrl-C: then as they are).
import { agentGet } from '../harness/agent-http.ts';
import { pollUntil } from '../harness/poll.ts';

export interface ProbedPod {
  readonly hostname: string;
  readonly agentPort: number;
}

const probe = (port: number, path: string) => agentGet(port, path).catch(() => undefined);

export async function reportProbes(
  pods: readonly ProbedPod[],
  signal: AbortSignal,
  waitMs = 15_000,
): Promise<void> {
  await pollUntil(
    'every pod ready',
    async () => {
      const replies = await Promise.all(pods.map((pod) => probe(pod.agentPort, '/readyz')));
      return replies.every((readyz) => readyz?.status === 200) || undefined;
    },
    { timeoutMs: waitMs, intervalMs: 500, bail: () => signal.throwIfAborted() },
  ).catch(() => undefined);
  console.log(`probes, as the kubelet sees them (http://127.0.0.1:<agent port>/livez, /readyz):`);
  for (const pod of pods) {
    const [livez, readyz] = await Promise.all([
      probe(pod.agentPort, '/livez'),
      probe(pod.agentPort, '/readyz'),
    ]);
    const reason = readyz ? readyz.json().reason : 'no answer';
    console.log(
      `  ${pod.hostname}  /livez ${livez?.status ?? '-'}  /readyz ${readyz?.status ?? '-'}  ${reason}`,
    );
  }
}

/** Each pod's /readyz status and reason in one line (for watching them change), and whether all are 200. */
export async function describeReadiness(
  pods: readonly ProbedPod[],
): Promise<{ readonly text: string; readonly ready: boolean }> {
  const replies = await Promise.all(pods.map((pod) => probe(pod.agentPort, '/readyz')));
  const text = replies
    .map(
      (reply, n) => `${pods[n]!.hostname} ${reply ? `${reply.status} ${reply.json().reason}` : 'no answer'}`,
    )
    .join('; ');
  return { text, ready: replies.every((reply) => reply?.status === 200) };
}
