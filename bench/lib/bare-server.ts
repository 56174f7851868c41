// Starts bare-http-server.ts (node:http or fastify) with a body and a content type, and stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./bare-http-server.ts', import.meta.url));

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
  const child = spawn(process.execPath, [SCRIPT, file, contentType, kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.setEncoding('utf8').once('data', (line: string) => resolve(Number(line.trim())));
      child.once('exit', (code) => reject(new Error(`bare-http-server.ts exited ${code}`)));
    });
    return { port, pid: child.pid!, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
