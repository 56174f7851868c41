// What kafka-agent's exec probes load. Liveness is a look at /proc and asks Kafka nothing, so `ok` must not
// load the protocol client (@platformatic/kafka: ~60 ms of CPU per probe when it did); readiness needs it.
// As in test/zk/exec-verbs.test.ts, the bundle's libraries give themselves away by the builtins they
// require: the protocol library's logger (the `debug` package) requires node:tty (node:net is no marker:
// commander's child_process loads it when commander parses; node:tls and node:crypto the library loads
// only for a TLS or SCRAM connection, .config/build.ts), fastify node:http2 and node:http, commander
// node:child_process; the embedded packages (fastify, prom-client) are recorded by name when compiled
// (test/helpers/record-loaded.ts). No broker runs, so both checks answer "not ok" (exit 1): what they
// loaded on the way is what is asserted.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordLoadedModules } from '../helpers/record-loaded.ts';
import { ensureBuilt, makeTempDir, runAgentAsync } from '../../tools/harness/run-agent.ts';

let tmp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  ensureBuilt('kafka-agent');
  tmp = makeTempDir('kafka-exec-loads');
  writeFileSync(join(tmp.path, 'record-builtins.cjs'), recordLoadedModules);
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

describe("what kafka-agent's exec verbs load", () => {
  it('ok (liveness) loads neither the protocol client (no node:tty) nor fastify nor prom-client', async () => {
    const { loaded, stdout } = await builtinsLoadedBy(['ok']);
    expect(stdout).toBe('not ok: no kafka.Kafka process runs in this pod\n');
    expect(loaded.has('fs'), 'the recording works').toBe(true);
    expect(loaded.has('tty'), 'the protocol client was loaded').toBe(false);
    expect(loaded.has('compiled fastify'), 'fastify was loaded').toBe(false);
    expect(loaded.has('compiled prom-client'), 'prom-client was loaded').toBe(false);
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

  // node:http is no marker here: the agent reads the JMX exporter over it. prom-client's index requires
  // node:https, zlib and v8 at its top (its Pushgateway and default metrics); the bundle embeds only its
  // Registry, Gauge and Histogram (.config/build.ts), so any of them means the whole index is back.
  it('metrics loads the part of prom-client the agents use (not its index) and not fastify', async () => {
    const { loaded, stdout } = await builtinsLoadedBy(['metrics']);
    expect(stdout).toMatch(/^kafka_agent_collector_success\{collector="jmx"\} 0$/m);
    expect(loaded.has('compiled prom-client'), 'prom-client was compiled').toBe(true);
    for (const builtin of ['https', 'zlib', 'v8', 'cluster']) {
      expect(loaded.has(builtin), `node:${builtin}: prom-client's index was loaded`).toBe(false);
    }
    expect(loaded.has('compiled fastify'), 'fastify was loaded').toBe(false);
    expect(loaded.has('http2'), 'fastify was loaded').toBe(false);
  });
});
