import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // .docker/: the image engine's data root (npm run images), whose image layers hold other projects' JS.
  { ignores: ['dist/', 'coverage/', '.cache/', '.tmp/', 'node_modules/', '.docker/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only agents/core/exit.ts ends the process (like tini: docs/design.md).
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'exit',
          message: 'Use agents/core/exit.ts (one module ends the process).',
        },
      ],
    },
  },
  {
    files: ['agents/core/exit.ts', 'test/**', 'bench/**', 'tools/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
