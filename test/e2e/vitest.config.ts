// `npm run test:e2e`: the manifests' StatefulSets run by the local runner (test/e2e/runner) on a real
// Docker engine. Not part of `npm test` (it needs an engine and the images): its files end in .e2e.ts,
// which the main config's `test/**/*.test.ts` does not match. The global setup is the image tests' own:
// the engine `npm run images` uses (started and stopped by its pid) and the images, rebuilt from cache.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    // system-packages: the monitoring test's Prometheus is Debian's binary, bind-mounted into a container.
    globalSetup: [
      'tools/harness/system-packages.ts',
      'tools/harness/pinned-tools.ts',
      'test/images/lib/engine-setup.ts',
    ],
    // Three JVMs per file on 2 cores: one file at a time; pods get minutes to become Ready.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 1_800_000,
  },
});
