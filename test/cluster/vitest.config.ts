// `npm run test:cluster` (tools/cluster/test.ts): the manifests on a real Kubernetes, through kubectl: the
// local cluster of `npm run cluster -- up` (its .kube/config), or any cluster KUBECONFIG names, each suite
// in a namespace of its own. Not part of `npm test`: .ci/run brings the cluster up, runs these, and takes
// it down.
//   CLUSTER_SUITES=zookeeper-mode | kraft   one half of the suites (all by default): .ci/run's split when
//                                           cold builds have used its time
//   VERIFY_ONLY=1                           only the read-only check of a running deployment
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { SUITES } from './suites.ts';

function include(): string[] {
  if (process.env.VERIFY_ONLY) return ['test/cluster/verify-only.check.ts'];
  const suites = process.env.CLUSTER_SUITES ?? 'all';
  if (suites === 'all') return ['test/cluster/**/*.cluster.ts'];
  const files = SUITES[suites];
  if (!files) throw new Error(`CLUSTER_SUITES=${suites}: one of all, ${Object.keys(SUITES).join(', ')}`);
  return [...files];
}

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: include(),
    // JVMs in pods on 2 cores: one file at a time, minutes to become Ready.
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
});
