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
// prom-client is embedded as the part of it the agents use, not its index (PROM_CLIENT_PARTS below).
import { build, type Plugin } from 'esbuild';
import { chmod, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const agents = ['zk-agent', 'kafka-agent'];

/**
 * The agents use prom-client's Registry, Gauge and Histogram only. Its index also requires node:http,
 * https, zlib, perf_hooks and v8 at its top, for its Pushgateway and default metrics: 17.1 ms of the
 * 24.2 ms of CPU the package costs over `node -e 0` when loaded, against 2.1 ms for these three modules,
 * which need only node:util (2026-12-02, medians of 30). So the embedded prom-client is built from these
 * modules alone (`zk-agent metrics`: 79.2 → 58.8 ms of CPU, bench/zk-ok.ts; fastify requires node:http
 * itself). Each module is checked here to be what the index exports under that name (the same class,
 * not a look-alike), and the embedded module exports exactly these names as ESM bindings: an import of
 * any other name from 'prom-client' fails the build (esbuild's "No matching export", or, for a namespace
 * import's property, "import-is-undefined", made an error below) instead of being undefined at run time.
 * A name the agents start to use is added here.
 */
const PROM_CLIENT_PARTS: Readonly<Record<string, string>> = {
  Registry: 'prom-client/lib/registry',
  Gauge: 'prom-client/lib/gauge',
  Histogram: 'prom-client/lib/histogram',
};

function promClientSlice(): string {
  const require = createRequire(import.meta.url);
  const index = require('prom-client') as Record<string, unknown>;
  for (const [name, part] of Object.entries(PROM_CLIENT_PARTS)) {
    if (index[name] === undefined || require(part) !== index[name]) {
      throw new Error(`prom-client's index does not export ${part} as ${name}`);
    }
  }
  return Object.entries(PROM_CLIENT_PARTS)
    .map(([name, part]) => `exports.${name} = require(${JSON.stringify(part)});`)
    .join('\n');
}

/**
 * Packages compiled only when first required (each with what it depends on, in its own scope): the
 * source each is built from and, for a package cut down to a part of it, the names that part exports.
 */
const DEFERRED: Readonly<Record<string, { source: () => string; names?: readonly string[] }>> = {
  fastify: { source: () => `module.exports = require('fastify');` },
  'prom-client': { source: promClientSlice, names: Object.keys(PROM_CLIENT_PARTS) },
};

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
    stdin: { contents: DEFERRED[name]!.source(), resolveDir: process.cwd() },
    write: false,
  });
  return result.outputFiles[0]!.text;
}

/**
 * `require('fastify')` → the package's own bundle, compiled by V8 when this module is first required.
 * vm.runInThisContext is how Node itself compiles a CommonJS module (a function of exports, require,
 * module, __filename, __dirname); the filename keeps stack traces pointing at the bundle. A package
 * with `names` (prom-client's part) becomes an ES module exporting those names and no other, so that
 * esbuild checks every import of it.
 */
const deferred: Plugin = {
  name: 'deferred-packages',
  setup(builder) {
    const filter = new RegExp(`^(${Object.keys(DEFERRED).join('|')})$`);
    builder.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'deferred' }));
    builder.onLoad({ filter: /.*/, namespace: 'deferred' }, async (args) => {
      const names = DEFERRED[args.path]!.names;
      const run =
        `const source = () => ${JSON.stringify(await deferredSource(args.path))};\n` +
        `const compiled = require('node:vm').runInThisContext(` +
        `'(function (exports, require, module, __filename, __dirname) {' + source() + '\\n})', ` +
        `{ filename: __filename + ' (${args.path})' });\n`;
      if (!names) {
        const call = `compiled.call(module.exports, module.exports, require, module, __filename, __dirname);\n`;
        return { loader: 'js', contents: run + call };
      }
      const call =
        `const deferredModule = { exports: {} };\n` +
        `compiled.call(deferredModule.exports, deferredModule.exports, require, deferredModule, __filename, __dirname);\n` +
        `export const { ${names.join(', ')} } = deferredModule.exports;\n`;
      return { loader: 'js', contents: run + call };
    });
  },
};

/**
 * @platformatic/kafka (kafka-agent's protocol client) re-exports everything from one index and declares
 * no `sideEffects`, so esbuild would keep all ~300 request codecs, its clients and its schema registry,
 * whose `createRequire(import.meta.url)` throws in a CommonJS bundle. Its modules have no side effects
 * on import (checked: no import made for its side effects, no global registration), so every one of
 * them is marked free of them and only what the agent uses stays: 237 KB instead of 660 KB, loading in
 * 0.08 s at 70 MiB instead of crashing.
 */
const kafkaWithoutSideEffects: Plugin = {
  name: 'platformatic-kafka-side-effect-free',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.resolving) return undefined;
      const fromKafka = args.importer.includes('/node_modules/@platformatic/kafka/');
      if (!fromKafka && args.path !== '@platformatic/kafka') return undefined;
      if (fromKafka && !args.path.startsWith('.')) return undefined;
      const resolved = await builder.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: { resolving: true },
      });
      return { ...resolved, sideEffects: false };
    });
  },
};

/**
 * @platformatic/kafka's clients/base/options.js compiles the client options' ajv validators when it is
 * imported (~70 ms of an exec probe's ~140 ms CPU, profiled), and its Connection imports it only for
 * two strings it sends in ApiVersions: the client's name and version. The agent never builds the
 * library's clients, so the module is replaced by those two constants, read from the real module here
 * at build time (values, not copies of them), for the importers that take only those: the Connection,
 * and the package index's `export *` (library.ts's names). The library's clients import the real module
 * and stay out of the bundle with it (nothing of theirs is used); an importer that needs another name
 * from the replacement fails the build.
 */
const NAMES_ONLY_IMPORTERS = ['/dist/network/connection.js', '/dist/clients/base/index.js'];
const kafkaOptionsWithoutValidators: Plugin = {
  name: 'platformatic-kafka-options-without-validators',
  setup(builder) {
    builder.onResolve({ filter: /options\.js$/ }, async (args) => {
      if (args.pluginData?.resolving) return undefined;
      const resolved = await builder.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: { resolving: true },
      });
      const forNamesOnly = NAMES_ONLY_IMPORTERS.some((importer) => args.importer.endsWith(importer));
      return forNamesOnly && resolved.path.endsWith('/@platformatic/kafka/dist/clients/base/options.js')
        ? { path: resolved.path, namespace: 'kafka-client-options' }
        : undefined;
    });
    builder.onLoad({ filter: /.*/, namespace: 'kafka-client-options' }, async () => {
      const real = (await import('@platformatic/kafka')) as Record<string, unknown>;
      const names = ['clientSoftwareName', 'clientSoftwareVersion'];
      return {
        loader: 'js',
        contents: names.map((name) => `export const ${name} = ${JSON.stringify(real[name])};`).join('\n'),
      };
    });
  },
};

/**
 * @platformatic/kafka imports node:tls (its Connection, for TLS listeners) and node:crypto (SCRAM
 * authentication) at its top; loading them costs an exec probe ~14 ms and ~6 ms of CPU (`node -e
 * "require('tls')"` against `node -e 0`), and a pod without AGENT_TLS_DIR talks plaintext to its own
 * broker on 127.0.0.1. For the library only, those imports become functions that load the builtin on their first
 * call (process.getBuiltinModule, Node ≥ 22.3): same functions, loaded when a TLS or SCRAM connection is
 * made. Only the builtins' plain functions (lower-case names) are wrapped; an import of anything else
 * (a class, a constant) fails the build rather than changing behaviour.
 */
const LAZY_BUILTINS = ['node:tls', 'node:crypto'];
const kafkaLazyBuiltins: Plugin = {
  name: 'platformatic-kafka-lazy-builtins',
  setup(builder) {
    const filter = new RegExp(`^(${LAZY_BUILTINS.join('|')})$`);
    builder.onResolve({ filter }, (args) =>
      args.importer.includes('/node_modules/@platformatic/kafka/')
        ? { path: args.path, namespace: 'lazy-builtin' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const builtin = process.getBuiltinModule(args.path) as Record<string, unknown>;
      const functions = Object.keys(builtin).filter(
        (name) => /^[a-z]\w*$/.test(name) && typeof builtin[name] === 'function',
      );
      const load = `const load = () => process.getBuiltinModule(${JSON.stringify(args.path)});\n`;
      const wrappers = functions.map(
        (name) => `export function ${name}(...args) { return load().${name}(...args); }`,
      );
      return { loader: 'js', contents: load + wrappers.join('\n') };
    });
  },
};

/**
 * @platformatic/kafka's utils.js builds an Ajv2020 instance (and adds its keywords) when it is imported,
 * for the option schemas of its clients, which the agent never builds: ~8 ms of an exec readiness probe's
 * CPU, most of the library's initialisation (profiled; the codecs and the connection take ~3 ms). For
 * that module only, `Ajv2020` becomes a class whose instance is built, and its keywords added, on its
 * first use (agents/core/lazy-instance.ts), with ajv itself loaded then: nothing changes for a caller.
 */
const LAZY_INSTANCE = fileURLToPath(new URL('../agents/core/lazy-instance.ts', import.meta.url));
const kafkaLazyAjv: Plugin = {
  name: 'platformatic-kafka-lazy-ajv',
  setup(builder) {
    builder.onResolve({ filter: /^ajv\/dist\/2020\.js$/ }, (args) =>
      args.importer.endsWith('/node_modules/@platformatic/kafka/dist/utils.js')
        ? { path: `${args.importer}?lazy-ajv`, namespace: 'kafka-lazy-ajv' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'kafka-lazy-ajv' }, (args) => ({
      loader: 'js',
      // Resolved from the library's own directory: the ajv it depends on.
      resolveDir: dirname(args.path),
      contents: [
        `import { lazyClass } from ${JSON.stringify(LAZY_INSTANCE)};`,
        `export const Ajv2020 = lazyClass(() => require('ajv/dist/2020.js').Ajv2020, ['addKeyword']);`,
      ].join('\n'),
    }));
  },
};

/**
 * agents/kafka/protocol/library.ts, the one module that imports values from @platformatic/kafka, built
 * as an entry point of its own: only there does esbuild tree-shake the package (inside the main bundle
 * it sits behind the verbs' lazy import(), where esbuild keeps whole modules).
 */
const kafkaLibrary: Plugin = {
  name: 'kafka-library',
  setup(builder) {
    builder.onLoad({ filter: /agents\/kafka\/protocol\/library\.ts$/ }, async (args) => {
      const result = await build({
        ...common,
        entryPoints: [args.path],
        // ESM, so that the main build sees its named exports (it makes the whole bundle CommonJS).
        format: 'esm',
        minify: false,
        write: false,
        // wasm-utils finds its .wasm through import.meta.url, empty in CommonJS: its own base64 build.
        alias: { '@platformatic/wasm-utils': '@platformatic/wasm-utils/bundled' },
        plugins: [kafkaOptionsWithoutValidators, kafkaLazyBuiltins, kafkaLazyAjv, kafkaWithoutSideEffects],
      });
      return { loader: 'js', contents: result.outputFiles[0]!.text };
    });
  },
};

for (const name of agents) {
  const outfile = `dist/${name}.js`;
  await build({
    ...common,
    entryPoints: [`agents/${name.replace('-agent', '')}/main.ts`],
    outfile,
    banner: { js: '#!/usr/bin/env node' },
    // A property of a namespace import that the module does not export (PROM_CLIENT_PARTS) is an error.
    logOverride: { 'import-is-undefined': 'error' },
    plugins: [deferred, kafkaLibrary],
  });
  await chmod(outfile, 0o755);
}
// The project is "type": "module"; this marks dist/ as CommonJS. A bundle copied anywhere else runs as
// CommonJS too, Node's default for .js.
await writeFile('dist/package.json', '{ "type": "commonjs" }\n');
