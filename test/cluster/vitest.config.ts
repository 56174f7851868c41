// `npm run test:cluster`: the manifests on a real Kubernetes, through kubectl: the local cluster of
// `npm run cluster -- up` (its .kube/config), or any cluster KUBECONFIG names, each suite in a namespace
// of its own. Not part of `npm test`: .ci/run brings the cluster up, runs these, and takes it down.
// VERIFY_ONLY=1 (`npm run test:cluster -- --verify-only`, tools/cluster/test.ts): only the read-only check
// of a running deployment.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: process.env.VERIFY_ONLY
      ? ['test/cluster/verify-only.check.ts']
      : ['test/cluster/**/*.cluster.ts'],
    // JVMs in pods on 2 cores: one file at a time, minutes to become Ready.
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
});
