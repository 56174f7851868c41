// The real java.util.Properties as a service for tests: one JVM (tools/harness/JavaProperties.java)
// started per suite, asked one file at a time over stdin/stdout, so a property test can check every
// generated case with the servers' own parser without paying a JVM start per case.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { REPO_ROOT } from './run-agent.ts';

export type JavaParse =
  | { readonly ok: true; readonly properties: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly error: string };

export interface JavaPropertiesReader {
  /** The file's properties as the servers read them. */
  read(path: string): Promise<JavaParse>;
  close(): Promise<void>;
}

export function startJavaProperties(): JavaPropertiesReader {
  const child: ChildProcessWithoutNullStreams = spawn(
    'java',
    ['-Xshare:auto', '-XX:TieredStopAtLevel=1', join(REPO_ROOT, 'tools/harness/JavaProperties.java')],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // Replies come back in the order the paths were sent.
  const waiting: { resolve(parse: JavaParse): void; reject(error: Error): void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    waiting.shift()?.resolve(JSON.parse(line) as JavaParse);
  });
  child.once('close', (code) => {
    for (const pending of waiting.splice(0))
      pending.reject(new Error(`JavaProperties exited with ${code}: ${stderr}`));
  });
  return {
    read(path) {
      if (path.includes('\n')) throw new Error(`a path with a line break: ${JSON.stringify(path)}`);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin.write(`${path}\n`);
      });
    },
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('close', () => resolve());
        child.stdin.end();
      });
    },
  };
}
