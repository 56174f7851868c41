// Bundles each agent into one self-contained CommonJS file (no node_modules needed at run time).
// CommonJS, not ESM: esbuild hoists an ESM bundle's imports of node builtins to the top, so every verb
// would load child_process, net and worker_threads at start-up; in CommonJS each require stays inside
// its lazily initialised module and an exec probe loads only what it uses.
//
// Start-up (bench/zk-init.ts, bench/zk-ok.ts) is mostly V8 parsing the bundle, and three quarters of it is
// the HTTP server's and the metrics' packages (fastify, ajv, find-my-way, prom-client, …), which only the
// resident verbs (`run`, `serve`) and `metrics` use. Those packages are bundled separately and embedded as
// string literals, compiled on their first require: `init` and `ok` scan a string instead of parsing
// ~600 KB of code. The bundle stays one file and behaves the same; only its start-up is cheaper
// (bench: init CPU 2.7x → 2.0x of `node -e 0`). Patching commander's and pino's eager requires of
// child_process and worker_threads was measured too: within noise, so not worth carrying patches.
import { build, type Plugin } from 'esbuild';
import { chmod, writeFile } from 'node:fs/promises';

const agents = ['zk-agent', 'kafka-agent'];

/** Packages compiled only when first required (each with what it depends on, in its own scope). */
const DEFERRED = ['fastify', 'prom-client'];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
} as const;

async function deferredSource(name: string): Promise<string> {
  const result = await build({
    ...common,
    stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: process.cwd() },
    write: false,
  });
  return result.outputFiles[0]!.text;
}

/**
 * `require('fastify')` → the package's own bundle, compiled by V8 when this module is first required.
 * vm.runInThisContext is how Node itself compiles a CommonJS module (a function of exports, require,
 * module, __filename, __dirname); the filename keeps stack traces pointing at the bundle.
 */
const deferred: Plugin = {
  name: 'deferred-packages',
  setup(builder) {
    const filter = new RegExp(`^(${DEFERRED.join('|')})$`);
    builder.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'deferred' }));
    builder.onLoad({ filter: /.*/, namespace: 'deferred' }, async (args) => ({
      loader: 'js',
      contents:
        `const source = () => ${JSON.stringify(await deferredSource(args.path))};\n` +
        `const compiled = require('node:vm').runInThisContext(` +
        `'(function (exports, require, module, __filename, __dirname) {' + source() + '\\n})', ` +
        `{ filename: __filename + ' (${args.path})' });\n` +
        `compiled.call(module.exports, module.exports, require, module, __filename, __dirname);\n`,
    }));
  },
};

for (const name of agents) {
  const outfile = `dist/${name}.js`;
  await build({
    ...common,
    entryPoints: [`agents/${name.replace('-agent', '')}/main.ts`],
    outfile,
    banner: { js: '#!/usr/bin/env node' },
    plugins: [deferred],
  });
  await chmod(outfile, 0o755);
}
// The project is "type": "module"; this marks dist/ as CommonJS. A bundle copied anywhere else runs as
// CommonJS too, Node's default for .js.
await writeFile('dist/package.json', '{ "type": "commonjs" }\n');
