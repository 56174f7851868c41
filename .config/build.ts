// Bundles each agent into one self-contained CommonJS file (no node_modules needed at run time).
// CommonJS, not ESM: esbuild hoists an ESM bundle's imports of node builtins to the top, so every verb
// would load child_process, net and worker_threads at start-up; in CommonJS each require stays inside
// its lazily initialised module and an exec probe loads only what it uses.
import { build } from 'esbuild';
import { chmod, writeFile } from 'node:fs/promises';

const agents = ['zk-agent'];

for (const name of agents) {
  const outfile = `dist/${name}.js`;
  await build({
    entryPoints: [`agents/${name.replace('-agent', '')}/main.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    banner: { js: '#!/usr/bin/env node' },
  });
  await chmod(outfile, 0o755);
}
// The project is "type": "module"; this marks dist/ as CommonJS. A bundle copied anywhere else runs as
// CommonJS too, Node's default for .js.
await writeFile('dist/package.json', '{ "type": "commonjs" }\n');
