// Pods of a StatefulSet as the real-cluster suites watch them: recreated and Ready, restarted by the
// kubelet, evicted through the API (which the PodDisruptionBudget may refuse), and ZooKeeper's modes as
// the handbook's `zkServer.sh status` reports them.
import { kubectl, kubectlRun, waitFor, type Result } from '../../../tools/cluster/kubectl.ts';

export interface PodState {
  readonly uid: string;
  readonly ready: boolean;
  readonly restarts: number;
  readonly node: string;
}

export async function podState(ns: string, pod: string): Promise<PodState> {
  const [uid = '', ready, restarts, node = ''] = (
    await kubectl([
      '-n',
      ns,
      'get',
      'pod',
      pod,
      '-o',
      'jsonpath={.metadata.uid} {.status.conditions[?(@.type=="Ready")].status} ' +
        '{.status.containerStatuses[0].restartCount} {.spec.nodeName}',
    ])
  ).split(' ');
  return { uid, ready: ready === 'True', restarts: Number(restarts ?? 0), node };
}

/** Resolves once `pod` is a pod other than `uid` (recreated) and Ready. */
export function readyAgain(ns: string, pod: string, uid: string, timeoutMs = 420_000): Promise<PodState> {
  return waitFor(`${pod} recreated and Ready`, timeoutMs, async () => {
    const state = await podState(ns, pod);
    return state.uid !== uid && state.ready ? state : undefined;
  });
}

/** Resolves once every pod of `pods` is Ready. */
export function allReady(ns: string, pods: readonly string[], timeoutMs = 420_000): Promise<true> {
  return waitFor(`${pods.join(', ')} Ready`, timeoutMs, async () => {
    const states = await Promise.all(pods.map((pod) => podState(ns, pod)));
    return states.every((state) => state.ready) ? true : undefined;
  });
}

/** Asks the API to evict `pod` (pods/eviction, as `kubectl drain` does); the PDB may refuse it. */
export function evict(ns: string, pod: string): Promise<Result> {
  const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace: ns } };
  return kubectlRun(
    ['create', '--raw', `/api/v1/namespaces/${ns}/pods/${pod}/eviction`, '-f', '-'],
    30_000,
    JSON.stringify(eviction),
  );
}

/** Each ZooKeeper server's mode as `zkServer.sh status` reports it, once every one of them serves. */
export function zkModes(ns: string, pods: readonly string[]): Promise<Record<string, string>> {
  return waitFor('every ZooKeeper server serving', 180_000, async () => {
    const result: Record<string, string> = {};
    for (const pod of pods) {
      const out = await kubectl(['-n', ns, 'exec', pod, '--', 'zkServer.sh', 'status']);
      const mine = out.split('\n').find((line) => line.includes('(this pod)')) ?? '';
      const mode = /\b(leader|follower|standalone|observer)\b/.exec(mine)?.[1];
      if (!mode) return undefined;
      result[pod] = mode;
    }
    return result;
  });
}

/**
 * A shell line that sends `signal` to every `java` of the pod's container (its only JVM is the server's)
 * and prints their pids, so the caller can see it reached one.
 */
export function signalJavaScript(signal: '9' | 'STOP' | 'CONT'): string {
  return `for d in /proc/[0-9]*; do if [ "$(cat "$d/comm" 2>/dev/null)" = java ]; then kill -${signal} "\${d#/proc/}" && echo "\${d#/proc/}"; fi; done`;
}

/** Kills every `java` of the pod's container and prints their pids. */
export const KILL_JAVA = signalJavaScript('9');
