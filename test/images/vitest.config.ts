// `npm run test:images`: the built images on a real Docker engine. Not part of `npm test` (it needs an
// engine and builds images); .ci/run calls it after `npm run images`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/images/**/*.test.ts'],
    // Starts (or finds) the engine and builds the images, cached layers making a rebuild a no-op.
    globalSetup: ['test/images/lib/engine-setup.ts'],
    // JVMs in containers on 2 shared cores: one file at a time, with room to start.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 1_800_000,
  },
});
