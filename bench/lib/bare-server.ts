// Starts bare-http-server.ts (node:http or fastify) with a body and a content type, or
// bare-probe-server.ts with its server's address, and stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./bare-http-server.ts', import.meta.url));
const PROBE_SCRIPT = fileURLToPath(new URL('./bare-probe-server.ts', import.meta.url));

export interface BareServer {
  readonly port: number;
  readonly pid: number;
  stop(): void;
}

export async function startBareServer(
  body: Buffer,
  contentType: string,
  kind: 'node' | 'fastify' = 'node',
): Promise<BareServer> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bare-'));
  const file = join(dir, 'body');
  writeFileSync(file, body);
  return started([SCRIPT, file, contentType, kind], () => rmSync(dir, { recursive: true, force: true }));
}

/** bare-probe-server.ts: `['zk', clientPort]` or `['kafka', host, port, brokerId]`. */
export function startBareProbeServer(args: readonly (string | number)[]): Promise<BareServer> {
  return started([PROBE_SCRIPT, ...args.map(String)], () => {});
}

/** A script that prints its port once listening, started with `args` (node flags first, if any). */
export async function startPortPrintingServer(args: readonly string[]): Promise<BareServer> {
  return started(args, () => {});
}

async function started(args: readonly string[], cleanUp: () => void): Promise<BareServer> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => {
    child.kill('SIGKILL');
    cleanUp();
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.setEncoding('utf8').once('data', (line: string) => resolve(Number(line.trim())));
      child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}`)));
    });
    return { port, pid: child.pid!, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
