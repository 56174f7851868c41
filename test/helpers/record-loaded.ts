// A `--require` preload (its source, to write to a file) that records what a bundle loaded, written at
// exit to the file RECORD_BUILTINS_TO names, one entry a line: each builtin node loaded
// (process.moduleLoadList), and `compiled <package>` for each package the bundle embeds as a string and
// compiled on its first require. The bundle compiles those with vm.runInThisContext under a filename
// ending in ` (<package>)` (.config/build.ts); the preload wraps that function to read the filename and
// passes every call through unchanged.
export const recordLoadedModules = `const vm = require('node:vm');
const compile = vm.runInThisContext;
const compiled = [];
vm.runInThisContext = function (code, options) {
  const named = /\\((.+)\\)$/.exec((options && options.filename) || '');
  if (named) compiled.push('compiled ' + named[1]);
  return compile.apply(this, arguments);
};
process.on('exit', () => require('node:fs').writeFileSync(process.env.RECORD_BUILTINS_TO,
  process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13))
    .concat(compiled).join('\\n')));
`;
