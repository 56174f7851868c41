// The deploying and upgrading pages stay in step with the manifests: the bases, images, StatefulSets and
// the cluster-id Secret they tell an operator to use are the ones the bases build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../tools/harness/run-agent.ts';
import { BASES } from '../../tools/manifests.ts';
import { everyServer } from './lib/pods.ts';

const deploying = readFileSync(join(REPO_ROOT, 'docs', 'deploying.md'), 'utf8');
const upgrading = readFileSync(join(REPO_ROOT, 'docs', 'upgrading-from-the-handbook.md'), 'utf8');

describe('docs/deploying.md and docs/upgrading-from-the-handbook.md', () => {
  it('lists every base', () => {
    for (const base of BASES) expect(deploying).toContain(`manifests/${base}`);
  });

  it('loads every image the StatefulSets run and waits for every StatefulSet it applies', () => {
    for (const { container } of everyServer()) expect(deploying).toContain(container.image);
    for (const name of ['zk', 'kafka']) expect(deploying).toContain(`rollout status statefulset/${name}`);
  });

  it('creates the Secret and key the KRaft StatefulSets read CLUSTER_ID from', () => {
    const refs = everyServer()
      .map(({ container }) => container.env?.find((variable) => variable.name === 'CLUSTER_ID'))
      .flatMap((variable) => (variable?.valueFrom?.secretKeyRef ? [variable.valueFrom.secretKeyRef] : []));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(deploying).toContain(`kubectl create secret generic ${ref.name} --from-literal=${ref.key}=`);
    }
  });

  it("explains the upgrade from the handbook's manifests with an orphaning delete of each StatefulSet", () => {
    for (const name of ['zk', 'kafka'])
      expect(upgrading).toContain(`kubectl delete statefulset ${name} --cascade=orphan`);
  });
});
