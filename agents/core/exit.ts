// The one module that ends the process (like tini): commands return an exit code and the entry point
// hands it here.

/** Exits once stdout/stderr have drained, so a piped `metrics` or a final error line is never cut short. */
export function exitProcess(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  // A write's callback runs after every earlier write on that stream has been flushed.
  process.stdout.write('', done);
  process.stderr.write('', done);
  setTimeout(() => process.exit(code), 2000).unref();
}
