// Bundles each agent into one self-contained ESM file (no node_modules needed at run time).
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
    format: 'esm',
    minify: true,
    legalComments: 'none',
    // Bundled CommonJS dependencies call require() for node builtins; ESM has no require of its own.
    banner: {
      js: "#!/usr/bin/env node\nimport{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
    },
  });
  await chmod(outfile, 0o755);
}
// Marks dist/ as ESM so Node does not have to guess (a copied bundle still runs: Node detects ESM syntax).
await writeFile('dist/package.json', '{ "type": "module" }\n');
