// A pod given another pod's claim, as a mis-bound volume would give it: a copy of the StatefulSet's pod
// `pod` (same image, env, probes and securityContext; the same pod-index label, so the same ordinal),
// mounting `claimOf`'s claim instead of its own. The real kubelet runs it: the agent must exit 1 with
// AGENT_ERR_IDENTITY_MISMATCH, crash-loop without ever turning Ready, and leave the volume as it was.
// The copy carries no app label (outside the Services and the PDB) and no anti-affinity, so it can run
// on the node the claim is local to, beside the pod that owns it; it is deleted before this returns.
import { expect } from 'vitest';
import { kubectl, waitFor } from '../../../tools/cluster/kubectl.ts';

interface PodJson {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  spec: {
    hostname?: string;
    nodeName?: string;
    affinity?: unknown;
    volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[];
    [key: string]: unknown;
  };
}

interface ContainerStatus {
  restartCount: number;
  ready: boolean;
  lastState?: { terminated?: { exitCode: number } };
  state?: { terminated?: { exitCode: number } };
}

export interface WrongClaim {
  /** The StatefulSet pod to copy (its ordinal is the one the copy claims to be). */
  readonly pod: string;
  /** The pod whose claim the copy is given. */
  readonly claimOf: string;
  /** The claim template's name (`datadir`). */
  readonly template: string;
}

/** Returns the agent's error line. */
export async function podOnOthersClaim(ns: string, { pod, claimOf, template }: WrongClaim): Promise<string> {
  const original = JSON.parse(await kubectl(['-n', ns, 'get', 'pod', pod, '-o', 'json'])) as PodJson;
  const name = `${pod}-on-${claimOf}-claim`;
  const labels = Object.fromEntries(
    Object.entries(original.metadata.labels ?? {}).filter(([key]) => key === 'apps.kubernetes.io/pod-index'),
  );
  const spec = { ...original.spec, hostname: pod, affinity: undefined, nodeName: undefined };
  spec.volumes = original.spec.volumes.map((volume) =>
    volume.name === template
      ? { name: volume.name, persistentVolumeClaim: { claimName: `${template}-${claimOf}` } }
      : volume,
  );
  // The annotations too: the replica count reaches the agent from the pod's statefulset-agents/replicas.
  const metadata = { name, labels, annotations: original.metadata.annotations };
  const copy = { apiVersion: 'v1', kind: 'Pod', metadata, spec };
  await kubectl(['-n', ns, 'apply', '-f', '-'], 60_000, JSON.stringify(copy));
  try {
    let everReady = false;
    // The kubelet's crash loop: it fails, is started again after the back-off, and fails the same way.
    const status = await waitFor(`${name} failing twice`, 300_000, async () => {
      const statuses = JSON.parse(
        await kubectl(['-n', ns, 'get', 'pod', name, '-o', 'jsonpath={.status.containerStatuses}']),
      ) as ContainerStatus[];
      const main = statuses[0];
      everReady ||= main?.ready === true;
      return main && main.restartCount >= 1 && main.lastState?.terminated ? main : undefined;
    });
    expect(status.lastState?.terminated?.exitCode).toBe(1);
    expect(everReady, `${name} turned Ready on ${template}-${claimOf}`).toBe(false);
    // The log of the failed run; containerd may still be rotating it when the restart is reported.
    let logs = '';
    const error = await waitFor(`${name}'s log of the failed run`, 60_000, async () => {
      logs = await kubectl(['-n', ns, 'logs', name, '--previous']);
      return logs.split('\n').find((line) => line.includes('AGENT_ERR_')) ?? undefined;
    }).catch(() => undefined);
    expect(error, `${name}'s log:\n${logs}`).toMatch(/AGENT_ERR_IDENTITY_MISMATCH/);
    console.log(`${name}: ${error}`);
    return error!;
  } finally {
    await kubectl(['-n', ns, 'delete', 'pod', name, '--grace-period=0', '--wait=true']);
  }
}
