// Ctrl-C (or SIGTERM) ends the demo's waiting, so that it stops every pod the way Kubernetes would; a
// second one gives up waiting for that (the harness kills what is left when this process exits).

export function interruptSignal(what: string): AbortSignal {
  const stop = new AbortController();
  let interrupts = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (++interrupts > 1) process.exit(130);
      console.log(`\n${signal}: stopping ${what}…`);
      stop.abort(new Error(signal));
    });
  }
  return stop.signal;
}

const started = Date.now();

/** Seconds since the demo started, for its progress lines. */
export const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
