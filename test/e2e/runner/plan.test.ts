// Pod plans from the real manifests, built with kustomize as an operator builds them.
import { describe, expect, it } from 'vitest';
import { BASES, build, type Base } from '../../../tools/manifests.ts';
import { runArgs } from './docker-args.ts';
import { inNamespace, secret, type K8sObject } from './objects.ts';
import { planStatefulSets, withClaimVolume, type PodPlan } from './plan.ts';

// The Secret docs/deploying.md tells the operator to create before applying the KRaft bases.
const CLUSTER_ID = secret('kafka-cluster-id', { 'cluster-id': 'q1Sh-9_ISia_zwGINzRvyQ' });

function objects(base: Base): K8sObject[] {
  return [...inNamespace(build(base)), CLUSTER_ID];
}

function pod(base: Base, name: string): PodPlan {
  const found = planStatefulSets(objects(base))
    .flatMap((sts) => sts.pods)
    .find((candidate) => candidate.name === name);
  if (!found) throw new Error(`${base} plans no pod ${name}`);
  return found;
}

/** Whether `list` holds `items` next to each other, in order (a flag and its value). */
function hasRun(list: readonly string[], ...items: string[]): boolean {
  return list.some((_, start) => items.every((item, offset) => list[start + offset] === item));
}

describe('pod plans from manifests/zookeeper', () => {
  const sts = planStatefulSets(objects('zookeeper'));

  it('plans zk-0..2 with the headless service as domain and their FQDNs as aliases', () => {
    expect(sts.map((set) => set.name)).toEqual(['zk']);
    expect(sts[0]!.pods.map((plan) => plan.name)).toEqual(['zk-0', 'zk-1', 'zk-2']);
    const zk1 = sts[0]!.pods[1]!;
    expect(zk1.domain).toBe('zk-svc.default.svc.cluster.local');
    expect(zk1.aliases).toContain('zk-1.zk-svc.default.svc.cluster.local');
    // The client Service selects every server: its name resolves to them (round robin, no VIP).
    expect(zk1.aliases).toContain('zk-client.default.svc.cluster.local');
    expect(zk1.dnsSearch).toEqual(['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
  });

  it('takes the pod management policy and update strategy from the StatefulSet', () => {
    expect(sts[0]!.podManagementPolicy).toBe('Parallel');
    expect(sts[0]!.updateStrategy).toBe('RollingUpdate');
  });

  it('gives each pod its ordinal and the ConfigMap values the manifest names', () => {
    const zk2 = pod('zookeeper', 'zk-2');
    expect(zk2.env.get('POD_INDEX')).toBe('2');
    expect(zk2.env.get('ZK_REPLICAS')).toBe('3');
    // From the `sync` key, not `tick` (the handbook's slip).
    expect(zk2.env.get('ZK_SYNC_LIMIT')).toBe('5');
    expect(zk2.env.get('ZK_HEAP_SIZE')).toBe('1G');
  });

  it('keeps the data on a volume per pod that outlives it, conf and /tmp on tmpfs of the declared size', () => {
    expect(pod('zookeeper', 'zk-1').volumes).toEqual([
      { kind: 'claim', volume: 'datadir-zk-1', mountPath: '/var/lib/zookeeper', readOnly: false },
      { kind: 'tmpfs', mountPath: '/opt/zookeeper/conf', sizeBytes: String(16 * 2 ** 20) },
      { kind: 'tmpfs', mountPath: '/tmp', sizeBytes: String(64 * 2 ** 20) },
    ]);
  });

  it('runs hardened as declared: uid/gid 1000, fsGroup, read-only root, no capabilities, no escalation', () => {
    const zk0 = pod('zookeeper', 'zk-0');
    expect(zk0).toMatchObject({
      user: '1000:1000',
      groups: [1000],
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      capDrop: ['ALL'],
      noNewPrivileges: true,
      memoryBytes: String(1536 * 2 ** 20),
      cpus: '1',
      terminationGracePeriodSeconds: 30,
    });
  });

  it('carries the probes as data with the named port resolved and the API defaults filled in', () => {
    const { probes } = pod('zookeeper', 'zk-0');
    expect(probes.readiness).toEqual({
      action: { kind: 'http', path: '/readyz', port: 9141, scheme: 'HTTP' },
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 2,
      successThreshold: 1,
      failureThreshold: 2,
    });
    expect(probes.startup).toMatchObject({
      action: { path: '/livez', port: 9141 },
      periodSeconds: 5,
      failureThreshold: 60,
    });
    expect(probes.liveness).toMatchObject({ action: { path: '/livez' }, failureThreshold: 3 });
  });

  it('spells the plan as docker run flags', () => {
    const args = runArgs(pod('zookeeper', 'zk-1'), 'test');
    expect(
      hasRun(
        args,
        '--name',
        'zk-1',
        '--hostname',
        'zk-1',
        '--domainname',
        'zk-svc.default.svc.cluster.local',
      ),
    ).toBe(true);
    expect(hasRun(args, '--network', 'sts-default')).toBe(true);
    expect(hasRun(args, '--network-alias', 'zk-1.zk-svc.default.svc.cluster.local')).toBe(true);
    expect(hasRun(args, '--user', '1000:1000')).toBe(true);
    expect(hasRun(args, '--cap-drop', 'ALL')).toBe(true);
    expect(hasRun(args, '--security-opt', 'no-new-privileges')).toBe(true);
    expect(args).toContain('--read-only');
    expect(hasRun(args, '--mount', 'type=volume,src=datadir-zk-1,dst=/var/lib/zookeeper')).toBe(true);
    // The emptyDirs: writable by the pod's user (uid 1000, fsGroup 1000) whatever the image's dir says.
    expect(
      hasRun(
        args,
        '--tmpfs',
        '/opt/zookeeper/conf:rw,exec,nosuid,nodev,mode=0777,uid=1000,gid=1000,size=16777216',
      ),
    ).toBe(true);
    expect(hasRun(args, '--memory', '1610612736', '--memory-swap', '1610612736', '--cpus', '1')).toBe(true);
    expect(hasRun(args, '--stop-timeout', '30')).toBe(true);
    expect(hasRun(args, '--env', 'POD_INDEX=1')).toBe(true);
    // No command or args in the manifest: the image's entrypoint runs, the image is the last word.
    expect(args.at(-1)).toBe('statefulset-agents/zookeeper:3.9.5');
    expect(args).not.toContain('--entrypoint');
    expect(args).not.toContain('-p');
  });
});

describe('pod plans from manifests/kafka and the KRaft bases', () => {
  it('gives kafka-1 POD_INDEX=1, its own data volume and the broker grace period', () => {
    const kafka1 = pod('kafka', 'kafka-1');
    expect(kafka1.env.get('POD_INDEX')).toBe('1');
    expect(kafka1.env.get('KAFKA_ZOOKEEPER_CONNECT')).toContain('zk-0.zk-svc:2181');
    expect(kafka1.volumes[0]).toEqual({
      kind: 'claim',
      volume: 'datadir-kafka-1',
      mountPath: '/var/lib/kafka',
      readOnly: false,
    });
    expect(kafka1.terminationGracePeriodSeconds).toBe(120);
    expect(kafka1.readOnlyRootFilesystem).toBe(true);
  });

  it('reads the KRaft cluster id from the Secret the operator created', () => {
    expect(pod('kafka-kraft', 'kafka-0').env.get('CLUSTER_ID')).toBe('q1Sh-9_ISia_zwGINzRvyQ');
  });

  it('refuses to plan a KRaft pod whose cluster-id Secret was not created', () => {
    expect(() => planStatefulSets(inNamespace(build('kafka-kraft')))).toThrow(
      /Secret default\/kafka-cluster-id/,
    );
  });

  it.each(BASES.filter((base) => base !== 'monitoring'))(
    '%s: leaves no $( in any env value, command or args (Kubernetes would have expanded it)',
    (base) => {
      const pods = planStatefulSets(objects(base)).flatMap((sts) => sts.pods);
      expect(pods.length).toBeGreaterThan(0);
      for (const plan of pods) {
        const texts = [...plan.env.values(), ...(plan.command ?? []), ...(plan.args ?? [])];
        expect(
          texts.filter((text) => text.includes('$(')),
          plan.name,
        ).toEqual([]);
      }
    },
  );

  it('plans separate-roles as two StatefulSets whose pods have distinct names and volumes', () => {
    const sets = planStatefulSets(objects('kafka-kraft/separate-roles'));
    expect(sets.length).toBe(2);
    const pods = sets.flatMap((sts) => sts.pods);
    const volumes = pods.flatMap((plan) =>
      plan.volumes.filter((v) => v.kind === 'claim').map((v) => v.volume),
    );
    expect(new Set(pods.map((plan) => plan.name)).size).toBe(pods.length);
    expect(new Set(volumes).size).toBe(volumes.length);
  });
});

describe("a pod bound to another pod's volume (withClaimVolume)", () => {
  it("mounts the other volume at the claim's path and changes nothing else", () => {
    const own = pod('kafka', 'kafka-1');
    const moved = withClaimVolume(own, 'datadir-kafka-1', 'datadir-kafka-0');
    expect(moved.volumes.filter((v) => v.kind === 'claim')).toEqual([
      { kind: 'claim', volume: 'datadir-kafka-0', mountPath: '/var/lib/kafka', readOnly: false },
    ]);
    expect(moved.volumes.filter((v) => v.kind !== 'claim')).toEqual(
      own.volumes.filter((v) => v.kind !== 'claim'),
    );
    expect({ ...moved, volumes: [] }).toEqual({ ...own, volumes: [] });
    expect(
      hasRun(runArgs(moved, 'run'), '--mount', 'type=volume,src=datadir-kafka-0,dst=/var/lib/kafka'),
    ).toBe(true);
  });

  it('refuses a claim the pod does not have, naming the pod and the claim', () => {
    expect(() => withClaimVolume(pod('zookeeper', 'zk-1'), 'datadir-zk-0', 'datadir-zk-2')).toThrow(
      'zk-1 has no claim datadir-zk-0',
    );
  });
});
