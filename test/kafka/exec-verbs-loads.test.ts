// What kafka-agent's exec probes load. Liveness is a look at /proc and asks Kafka nothing, so `ok` must not
// load the protocol client (@platformatic/kafka: ~60 ms of CPU per probe when it did); readiness needs it.
// As in test/zk/exec-verbs.test.ts, the bundle's libraries give themselves away by the builtins they
// require: the protocol library's logger (the `debug` package) requires node:tty (node:net is no marker:
// commander's child_process loads it when commander parses; node:tls and node:crypto the library loads
// only for a TLS or SCRAM connection, .config/build.ts), fastify node:http2, prom-client node:http,
// commander node:child_process. No broker runs, so both checks answer "not ok" (exit 1): what they
// loaded on the way is what is asserted.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeTempDir, runAgentAsync } from '../helpers/run-agent.ts';

let tmp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  ensureBuilt('kafka-agent');
  tmp = makeTempDir('kafka-exec-loads');
  writeFileSync(
    join(tmp.path, 'record-builtins.cjs'),
    `process.on('exit', () => require('node:fs').writeFileSync(process.env.RECORD_BUILTINS_TO,
      process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join('\\n')));\n`,
  );
});
afterAll(() => tmp.remove());

let count = 0;
async function builtinsLoadedBy(args: readonly string[]): Promise<{ loaded: Set<string>; stdout: string }> {
  const record = join(tmp.path, `builtins-${++count}`);
  const run = await runAgentAsync('kafka-agent', [...args, '--hostname', 'kafka-0'], {
    env: {
      KAFKA_ZOOKEEPER_CONNECT: 'zk-0.zk-hs:2181',
      AGENT_DOMAIN: 'kafka-hs.default.svc.cluster.local',
      AGENT_CONF_DIR: join(tmp.path, 'conf'),
      KAFKA_LOG_DIRS: join(tmp.path, 'data'),
      RECORD_BUILTINS_TO: record,
    },
    nodeArgs: ['--require', join(tmp.path, 'record-builtins.cjs')],
  });
  expect(run.status, run.stdout + run.stderr).toBe(1);
  return { loaded: new Set(readFileSync(record, 'utf8').split('\n')), stdout: run.stdout };
}

describe('what kafka-agent ok loads', () => {
  it('ok (liveness) loads neither the protocol client (no node:tty) nor fastify nor prom-client', async () => {
    const { loaded, stdout } = await builtinsLoadedBy(['ok']);
    expect(stdout).toBe('not ok: no kafka.Kafka process runs in this pod\n');
    expect(loaded.has('fs'), 'the recording works').toBe(true);
    expect(loaded.has('tty'), 'the protocol client was loaded').toBe(false);
    expect(loaded.has('http2'), 'fastify was loaded').toBe(false);
    expect(loaded.has('http'), 'fastify or prom-client was loaded').toBe(false);
    // commander requires node:child_process at its top; a plain `ok` runs without it (direct-verb.ts).
    expect(loaded.has('child_process'), 'commander was loaded').toBe(false);
  });

  it('ok --ready loads the protocol client (node:tty: the marker the check above relies on), not node:tls', async () => {
    const { loaded } = await builtinsLoadedBy(['ok', '--ready']);
    expect(loaded.has('tty')).toBe(true);
    expect(loaded.has('tls'), 'a plaintext listener needs no TLS').toBe(false);
    expect(loaded.has('crypto'), 'no SCRAM, no crypto').toBe(false);
    expect(loaded.has('http2'), 'fastify was loaded').toBe(false);
  });
});
