import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // This file lives in .config/ to keep the top level to the project's own folders; tests run from the repo root.
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    // The image tests need a Docker engine and built images: `npm run test:images` runs them.
    exclude: ['test/images/**', '**/node_modules/**'],
    // Installs the Debian packages the tests need when they are missing (root on Debian), so the
    // README's `npm ci && npm test` works on a fresh machine.
    globalSetup: ['tools/harness/system-packages.ts', 'tools/harness/pinned-tools.ts'],
    // Integration tests start real JVMs on a 2-core machine: give them room and run files one at a time.
    testTimeout: 30_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    coverage: { provider: 'v8', include: ['agents/**'], reporter: ['text-summary'] },
  },
});
