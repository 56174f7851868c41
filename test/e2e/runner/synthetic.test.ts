// The planner on hand-written StatefulSets, for what the project's manifests do not use (command and
// args, Parallel vs OrderedReady defaults, OnDelete, named volumes' read-only flag) and quantities.
import { describe, expect, it } from 'vitest';
import { runArgs } from './docker-args.ts';
import { inNamespace } from './objects.ts';
import { planStatefulSets } from './plan.ts';
import { cpuCores, memoryBytes } from './quantity.ts';

function statefulSet(container: Record<string, unknown>, spec: Record<string, unknown> = {}) {
  return inNamespace(
    [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'web', namespace: 'shop' },
        spec: {
          serviceName: 'web-hs',
          replicas: 2,
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'img', ...container }] },
          },
          ...spec,
        },
      },
    ],
    'default',
  );
}

describe('pod plans from hand-written StatefulSets', () => {
  it('expands command and args against every variable, including ones defined after a reference', () => {
    const [sts] = planStatefulSets(
      statefulSet({
        command: ['/bin/serve', '--name=$(POD)'],
        args: ['--late=$(LATE)', '--kept=$$(POD)', '--missing=$(NOPE)'],
        env: [
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'LATE', value: 'x' },
        ],
      }),
    );
    const web1 = sts!.pods[1]!;
    expect(web1.command).toEqual(['/bin/serve', '--name=web-1']);
    expect(web1.args).toEqual(['--late=x', '--kept=$(POD)', '--missing=$(NOPE)']);
    // command replaces the ENTRYPOINT; the rest of it and args follow the image.
    const args = runArgs(web1, 'test');
    expect(args.slice(args.indexOf('--entrypoint'))).toEqual([
      '--entrypoint',
      '/bin/serve',
      'img',
      '--name=web-1',
      '--late=x',
      '--kept=$(POD)',
      '--missing=$(NOPE)',
    ]);
  });

  it('defaults to OrderedReady and RollingUpdate, keeps OnDelete and the partition, uses the object namespace', () => {
    const [plain] = planStatefulSets(statefulSet({}));
    expect(plain).toMatchObject({
      podManagementPolicy: 'OrderedReady',
      updateStrategy: 'RollingUpdate',
      partition: 0,
    });
    expect(plain!.pods[0]!.domain).toBe('web-hs.shop.svc.cluster.local');
    const [onDelete] = planStatefulSets(statefulSet({}, { updateStrategy: { type: 'OnDelete' } }));
    expect(onDelete!.updateStrategy).toBe('OnDelete');
    const [partitioned] = planStatefulSets(
      statefulSet({}, { updateStrategy: { rollingUpdate: { partition: 1 } } }),
    );
    expect(partitioned!.partition).toBe(1);
  });

  it('mounts a claim read-only when the mount says so, and refuses what it does not imitate', () => {
    const claims = { volumeClaimTemplates: [{ metadata: { name: 'data' } }] };
    const [ro] = planStatefulSets(
      statefulSet({ volumeMounts: [{ name: 'data', mountPath: '/d', readOnly: true }] }, claims),
    );
    expect(runArgs(ro!.pods[0]!, 't')).toContain('type=volume,src=data-web-0,dst=/d,readonly');
    expect(() =>
      planStatefulSets(
        statefulSet({ volumeMounts: [{ name: 'data', mountPath: '/d', subPath: 'x' }] }, claims),
      ),
    ).toThrow(/subPath is not imitated/);
    expect(() =>
      planStatefulSets(statefulSet({ volumeMounts: [{ name: 'nope', mountPath: '/d' }] })),
    ).toThrow(/no volume or volumeClaimTemplate/);
  });

  it('converts Kubernetes quantities to Docker limits', () => {
    expect(memoryBytes('1536Mi')).toBe('1610612736');
    expect(memoryBytes('2Gi')).toBe(String(2 * 2 ** 30));
    expect(memoryBytes('500M')).toBe('500000000');
    expect(memoryBytes(1024)).toBe('1024');
    expect(cpuCores('500m')).toBe('0.5');
    expect(cpuCores('2')).toBe('2');
    expect(cpuCores(1.5)).toBe('1.5');
    expect(() => memoryBytes('lots')).toThrow(/not a Kubernetes quantity/);
  });
});
