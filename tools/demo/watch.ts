// Until Ctrl-C: a line whenever what `describe` says changes (stop a pod by hand to watch a re-election
// or a broker turn NotReady and back).
import { setTimeout as sleep } from 'node:timers/promises';
import { elapsed } from './interrupt.ts';

export async function watch(describe: () => Promise<string>, signal: AbortSignal): Promise<void> {
  let last = '';
  while (!signal.aborted) {
    const text = await describe();
    if (text !== last && last !== '') console.log(`[${elapsed()}] ${text}`);
    last = text;
    // Waits a second, or less if Ctrl-C comes (the timers promise removes its abort listener itself).
    await sleep(1000, undefined, { signal }).catch(() => {});
  }
}
