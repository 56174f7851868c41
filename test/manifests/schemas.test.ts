// Every base builds with kustomize, and every object it prints is valid by the Kubernetes API's own
// OpenAPI schemas (kubernetes-models) or the prometheus-operator CRDs' (PodMonitor, PrometheusRule).
import { describe, expect, it } from 'vitest';
import { BASES, build } from '../../tools/manifests.ts';
import { schemaErrors } from './lib/models.ts';
import { clientType, unknownFields } from './lib/strict-fields.ts';

describe.each(BASES)('manifests/%s', (base) => {
  it('builds with kustomize into objects that each have a kind and a name', () => {
    const objects = build(base);
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      expect(object.kind, JSON.stringify(object).slice(0, 120)).toMatch(/^[A-Z]\w+$/);
      expect(object.metadata?.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
    }
  });

  it('passes the API schema of each object it builds', () => {
    const problems = build(base).flatMap((object) =>
      schemaErrors(object).map((error) => `${object.kind} ${object.metadata.name}: ${error}`),
    );
    expect(problems).toEqual([]);
  });

  it("has no field the API does not define (kubectl's default strict field validation refuses them)", () => {
    const problems = build(base).flatMap((object) => {
      const type = clientType(object);
      return type
        ? unknownFields(object, type).map((field) => `${object.kind} ${object.metadata.name}: ${field}`)
        : [];
    });
    expect(problems).toEqual([]);
  });

  it('gives every object the app.kubernetes.io name and managed-by labels', () => {
    for (const object of build(base)) {
      const labels = object.metadata.labels ?? {};
      expect(labels['app.kubernetes.io/name'], `${object.kind} ${object.metadata.name}`).toBeTruthy();
      expect(labels['app.kubernetes.io/managed-by'], `${object.kind} ${object.metadata.name}`).toBe(
        'kustomize',
      );
    }
  });
});

describe('schema validation', () => {
  it('rejects an object the API would reject (a string replica count), so the check has teeth', () => {
    const [sts] = build('zookeeper').filter((object) => object.kind === 'StatefulSet');
    const broken = structuredClone(sts!) as Record<string, unknown> & typeof sts;
    (broken as unknown as { spec: { replicas: unknown } }).spec.replicas = 'three';
    expect(schemaErrors(broken!).join()).toMatch(/replicas/);
  });

  it('finds a misspelt field deep in a pod template, and knows every built-in kind of the bases', () => {
    const [sts] = build('zookeeper').filter((object) => object.kind === 'StatefulSet');
    const broken = JSON.parse(JSON.stringify(sts).replace('"readinessProbe"', '"readynessProbe"'));
    expect(unknownFields(broken, clientType(sts!)!)).toEqual([
      'spec.template.spec.containers[0].readynessProbe',
    ]);
    for (const base of BASES) {
      for (const object of build(base).filter((candidate) => !candidate.apiVersion.includes('coreos.com'))) {
        expect(clientType(object), `${object.apiVersion} ${object.kind}`).toBeDefined();
      }
    }
  });

  it('rejects a kind the schemas do not know', () => {
    expect(
      schemaErrors({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'x' } }),
    ).toHaveLength(1);
  });
});
