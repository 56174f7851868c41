// `npm run demo -- --cluster [--kraft] [--check]`: a newcomer's real Kubernetes with our StatefulSets on it,
// from one command. `npm run cluster -- up` unless the local cluster is up already; then the manifests
// applied with kubectl as an operator applies them (ZooKeeper, then Kafka; or KRaft with its cluster-id
// Secret), `kubectl rollout status`, and the handbook's verify steps through `kubectl exec`. The cluster
// is left running, with the line that points a shell's kubectl at it; `--check` exits once verified.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verifyKafkaPods, verifyZookeeperPods } from '../handbook-verify.ts';
import { BIN, KUBECONFIG, REPO_ROOT, STATE } from '../cluster/versions.ts';
import type { DemoOptions } from './options.ts';

function kubectl(args: readonly string[], timeoutMs = 900_000): string {
  return execFileSync(join(BIN, 'kubectl'), args, {
    env: { ...process.env, KUBECONFIG },
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

const podExec = {
  execWith: 'kubectl',
  exec: async (pod: string, command: readonly string[], timeoutMs: number) => {
    try {
      return { status: 0, stdout: kubectl(['exec', pod, '--', ...command], timeoutMs), stderr: '' };
    } catch (error) {
      const failed = error as { status?: number; stdout?: string; stderr?: string };
      return { status: failed.status ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  },
};

function apply(base: string, statefulSet: string): void {
  const started = Date.now();
  console.log(`\n$ kubectl apply -k manifests/${base}`);
  console.log(kubectl(['apply', '-k', join(REPO_ROOT, 'manifests', base)]).trimEnd());
  console.log(`$ kubectl rollout status statefulset/${statefulSet}`);
  kubectl(['rollout', 'status', `statefulset/${statefulSet}`, '--timeout=900s']);
  console.log(
    `statefulset/${statefulSet}: every pod Ready after ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

export async function clusterDemo(options: DemoOptions): Promise<boolean> {
  if (!existsSync(join(STATE, 'up')))
    execFileSync(process.execPath, [join(REPO_ROOT, 'tools', 'cluster', 'index.ts'), 'up'], {
      stdio: 'inherit',
    });
  const report = (line: string) => console.log(line);
  try {
    if (options.kraft) {
      const secret = kubectl(['get', 'secret', 'kafka-cluster-id', '--ignore-not-found', '-o', 'name']);
      if (secret.trim() === '') {
        // docs/deploying.md "The KRaft cluster id": made once, kept as long as the volumes.
        const id = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
        kubectl(['create', 'secret', 'generic', 'kafka-cluster-id', `--from-literal=cluster-id=${id}`]);
      }
      apply('kafka-kraft', 'kafka');
    } else {
      apply('zookeeper', 'zk');
      await verifyZookeeperPods(podExec, ['zk-0', 'zk-1', 'zk-2'], report);
      apply('kafka', 'kafka');
    }
    await verifyKafkaPods(podExec, { report, topicMayExist: true });
  } catch (error) {
    console.error(`demo --cluster: ${(error as Error).message}`);
    return false;
  }
  console.log(
    `\nThe cluster stays up. Point kubectl at it:\n  export KUBECONFIG=${KUBECONFIG}\n  export PATH=${BIN}:$PATH`,
  );
  console.log('and take it down with: npm run cluster -- down');
  return true;
}
