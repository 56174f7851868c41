// `npm run demo -- --check --kraft` as a newcomer runs it (the fastest variant: no ZooKeeper): three
// KRaft nodes through `kafka-agent run`, all ready, the handbook's verify steps' output printed, and every pod
// stopped with SIGTERM, its broker's shutdown completed. The ZooKeeper-mode default runs the same pieces (tools/demo/*.ts) on
// the ensemble that zk-quorum and kafka-zookeeper test.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO_ROOT } from '../../tools/harness/run-agent.ts';

let demo: ReturnType<typeof spawn> | undefined;

beforeAll(() => ensureBuilt('kafka-agent'));
afterAll(() => {
  // A demo still running here failed its test: its group (agents, JVMs) goes with it.
  if (demo?.pid && demo.exitCode === null) process.kill(-demo.pid, 'SIGKILL');
});

function runDemo(
  args: readonly string[],
  timeoutMs: number,
): Promise<{ status: number | null; output: string }> {
  const { KEEP_TMP: _keep, DEMO_EXIT_AFTER_QUORUM: _exit, ...env } = process.env;
  demo = spawn(process.execPath, ['tools/demo.ts', ...args], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  demo.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  demo.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const timer = setTimeout(() => demo?.pid && process.kill(-demo.pid, 'SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    demo!.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    }),
  );
}

/** The output lines a `$ <command>` line heads (indented by two spaces), up to the next command. */
function outputOf(output: string, command: RegExp): string[] {
  const lines = output.split('\n');
  const at = lines.findIndex((line) => line.startsWith('$ ') && command.test(line));
  if (at < 0) return [];
  const rest = lines.slice(at + 1);
  const end = rest.findIndex((line) => !line.startsWith('  '));
  return (end < 0 ? rest : rest.slice(0, end)).map((line) => line.slice(2));
}

describe('npm run demo -- --check --kraft', () => {
  it('brings three KRaft nodes up, prints the verify steps (test-topic, a message back) and stops them with SIGTERM', async () => {
    const { status, output } = await runDemo(['--check', '--kraft'], 240_000);
    expect(status, output).toBe(0);
    expect(output).toMatch(/^every Kafka pod ready after [\d.]+ s$/m);
    let completed = 0;
    for (const pod of ['kafka-0', 'kafka-1', 'kafka-2']) {
      expect(output).toMatch(new RegExp(`^  ${pod}  /livez 200  /readyz 200  broker \\d is registered`, 'm'));
      // SIGTERM handled by the JVM (its shutdown hook ran the broker's shutdown): 128+15, and said so;
      // or, for the last node of a quorum that left before approving its controlled shutdown, killed
      // at the end of its grace period (tools/demo/shutdown.ts).
      const clean = new RegExp(
        `^\\[[\\d.]+ s\\] ${pod}: agent exited 143 \\(the broker logged "shut down completed"\\)$`,
        'm',
      );
      const killed = new RegExp(`^\\[[\\d.]+ s\\] ${pod}: killed at the end of its 30 s grace period`, 'm');
      expect(clean.test(output) || killed.test(output), `${pod} stopped:\n${output}`).toBe(true);
      if (clean.test(output)) completed++;
    }
    // While two of the three are up the quorum approves controlled shutdowns: at most the last one waits.
    expect(completed, output).toBeGreaterThanOrEqual(2);
    expect(outputOf(output, /--create/)).toEqual(['Created topic test-topic.']);
    const describe = outputOf(output, /--describe/).join('\n');
    expect(describe).toMatch(/PartitionCount:\s*3\s+ReplicationFactor:\s*3/);
    expect(describe.match(/Partition: \d/g)).toHaveLength(3);
    // Listed twice: before the create (nothing yet) and after.
    expect(output.split('\n').filter((line) => line === '  test-topic')).toHaveLength(1);
    const produced = /^\$ echo '(hello from the demo at [^']+)' \| kafka-console-producer/m.exec(output)?.[1];
    expect(produced, output).toBeDefined();
    expect(outputOf(output, /kafka-console-consumer/)).toEqual([produced]);
    expect(output).toMatch(/^ready and verified after [\d.]+ s$/m);
  }, 300_000);
});
