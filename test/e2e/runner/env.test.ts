// The container environment as the kubelet builds it, on small hand-written pods.
import { describe, expect, it } from 'vitest';
import { resolveEnv, type PodFields } from './env.ts';
import { inNamespace, secret } from './objects.ts';

const pod: PodFields = {
  name: 'kafka-2',
  namespace: 'prod',
  labels: { app: 'kafka', 'apps.kubernetes.io/pod-index': '2' },
  annotations: {},
  serviceAccountName: 'default',
};
const objects = inNamespace(
  [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm' },
      data: { heap: '1G', 'bad=key': 'x', sync: '5' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds' },
      data: {
        password: Buffer.from('s3cret').toString('base64'),
        user: Buffer.from('old').toString('base64'),
      },
      stringData: { user: 'admin' },
    },
    secret('kafka-cluster-id', { 'cluster-id': 'MkU3OEVBNTcwNTJENDM2Qk' }, 'prod'),
  ],
  'prod',
);

describe('container env as the kubelet resolves it', () => {
  it('expands $(VAR) only against variables defined earlier in the list', () => {
    const env = resolveEnv(
      [
        { name: 'A', value: 'a' },
        { name: 'AB', value: '$(A)-$(B)' },
        { name: 'B', value: 'b' },
      ],
      undefined,
      objects,
      pod,
    );
    expect(env.get('AB')).toBe('a-$(B)');
  });

  it('keeps $$(VAR) as the literal $(VAR) and never expands valueFrom values', () => {
    const withDollar = inNamespace(
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd' }, data: { v: '$(A)' } }],
      'prod',
    );
    const env = resolveEnv(
      [
        { name: 'A', value: 'a' },
        { name: 'ESCAPED', value: '$$(A)' },
        { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'd', key: 'v' } } },
      ],
      undefined,
      withDollar,
      pod,
    );
    expect(env.get('ESCAPED')).toBe('$(A)');
    expect(env.get('FROM_CM')).toBe('$(A)');
  });

  it('reads ConfigMap keys, base64 Secret data and stringData (stringData winning)', () => {
    const env = resolveEnv(
      [
        { name: 'HEAP', valueFrom: { configMapKeyRef: { name: 'cm', key: 'heap' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
        { name: 'USER', valueFrom: { secretKeyRef: { name: 'creds', key: 'user' } } },
        { name: 'CLUSTER_ID', valueFrom: { secretKeyRef: { name: 'kafka-cluster-id', key: 'cluster-id' } } },
      ],
      undefined,
      objects,
      pod,
    );
    expect(Object.fromEntries(env)).toEqual({
      HEAP: '1G',
      PASSWORD: 's3cret',
      USER: 'admin',
      CLUSTER_ID: 'MkU3OEVBNTcwNTJENDM2Qk',
    });
  });

  it('gives the downward API fields: name, namespace, the pod-index label', () => {
    const env = resolveEnv(
      [
        { name: 'NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        {
          name: 'POD_INDEX',
          valueFrom: { fieldRef: { fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']" } },
        },
        { name: 'FQDN', value: '$(NAME).svc.$(NS)' },
      ],
      undefined,
      objects,
      pod,
    );
    expect(Object.fromEntries(env)).toEqual({
      NAME: 'kafka-2',
      NS: 'prod',
      POD_INDEX: '2',
      FQDN: 'kafka-2.svc.prod',
    });
  });

  it('refuses status.podIP until the driver knows the IP, and gives it once known', () => {
    const env = [{ name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }];
    expect(() => resolveEnv(env, undefined, objects, pod)).toThrow(/podIP/);
    expect(resolveEnv(env, undefined, objects, { ...pod, podIP: '10.1.0.7' }).get('IP')).toBe('10.1.0.7');
  });

  it('puts envFrom first with its prefix, skips keys that cannot be names, and lets env override', () => {
    const env = resolveEnv(
      [
        { name: 'CFG_sync', value: 'override' },
        { name: 'USES', value: '$(CFG_heap)' },
      ],
      [{ prefix: 'CFG_', configMapRef: { name: 'cm' } }],
      objects,
      pod,
    );
    expect(Object.fromEntries(env)).toEqual({ CFG_heap: '1G', CFG_sync: 'override', USES: '1G' });
  });

  it('fails like CreateContainerConfigError on a missing key unless optional, which defines nothing', () => {
    expect(() =>
      resolveEnv(
        [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm', key: 'nope' } } }],
        undefined,
        objects,
        pod,
      ),
    ).toThrow(/X needs key nope of ConfigMap prod\/cm/);
    expect(() =>
      resolveEnv(
        [{ name: 'X', valueFrom: { secretKeyRef: { name: 'absent', key: 'k' } } }],
        undefined,
        objects,
        pod,
      ),
    ).toThrow(/Secret prod\/absent/);
    const env = resolveEnv(
      [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm', key: 'nope', optional: true } } }],
      undefined,
      objects,
      pod,
    );
    expect(env.has('X')).toBe(false);
  });
});
