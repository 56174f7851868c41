import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAsk } from '../../agents/zk/ask.ts';
import type { AskWord } from '../../agents/zk/ask.ts';
import { zkChecks } from '../../agents/zk/checks/index.ts';
import type { FourLetterResult } from '../../agents/zk/four-letter-word.ts';
import { createZkMetrics } from '../../agents/zk/metrics.ts';
import { answer, scriptedZk } from '../helpers/scripted-zk.ts';
import type { ScriptedServer } from '../helpers/scripted-zk.ts';

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/zk', name), 'utf8');
const replying =
  (text: string): AskWord =>
  async (word) => ({ ok: true, word, text });
const failing =
  (reason: 'not-serving' | 'timeout' | 'empty', detail: string): AskWord =>
  async (word): Promise<FourLetterResult> => ({ ok: false, word, reason, detail });
const { liveness, readiness } = zkChecks;

describe('readiness', () => {
  it.each([
    ['3.9.5-leader.srvr', 'leader'],
    ['3.9.5-follower.srvr', 'follower'],
    ['3.8.0-leader.srvr', 'leader'],
    ['3.8.0-follower.srvr', 'follower'],
  ])('is ready when srvr (%s) says %s', async (file, mode) => {
    const result = await readiness.run({ ask: replying(fixture(file)), replicas: 3 });
    expect(result).toMatchObject({ ok: true, details: { mode } });
  });

  it('is ready as an observer', async () => {
    const srvr = fixture('3.9.5-follower.srvr').replace('Mode: follower', 'Mode: observer');
    expect(await readiness.run({ ask: replying(srvr), replicas: 5 })).toMatchObject({ ok: true });
  });

  it('accepts standalone when ZK_REPLICAS is 1', async () => {
    const result = await readiness.run({ ask: replying(fixture('3.9.5-standalone.srvr')), replicas: 1 });
    expect(result).toMatchObject({ ok: true, details: { mode: 'standalone' } });
  });

  it('refuses standalone when ZK_REPLICAS is 3, naming the cause', async () => {
    const result = await readiness.run({ ask: replying(fixture('3.9.5-standalone.srvr')), replicas: 3 });
    expect(result.ok).toBe(false);
    expect(result.reason).toContain('ZK_REPLICAS=3');
  });

  it('is not ready when the server is not serving (recorded from a lone member of a 3-node ensemble)', async () => {
    const ask = createAskReplying(fixture('3.9.5-looking.srvr'));
    const result = await readiness.run({ ask: await ask, replicas: 3 });
    expect(result).toMatchObject({ ok: false, details: { failure: 'not-serving' } });
  });

  it('is not ready in read-only mode', async () => {
    const srvr = fixture('3.9.5-follower.srvr').replace('Mode: follower', 'Mode: read-only');
    expect(await readiness.run({ ask: replying(srvr), replicas: 3 })).toMatchObject({ ok: false });
  });
});

describe('liveness', () => {
  it('counts a connection closed without a word as alive (ZooKeeper does that when it changes role)', async () => {
    const result = await liveness.run({ ask: failing('empty', 'closed without answering'), replicas: 3 });
    expect(result).toMatchObject({ ok: true, details: { failure: 'empty' } });
  });

  it('is alive when ruok answers imok, even without quorum (recorded)', async () => {
    const result = await liveness.run({ ask: replying(fixture('3.9.5-looking.ruok')), replicas: 3 });
    expect(result.ok).toBe(true);
  });

  it('is not alive when ruok answers anything else', async () => {
    const result = await liveness.run({ ask: replying('what?'), replicas: 3 });
    expect(result).toMatchObject({ ok: false });
    expect(result.reason).toContain('what?');
  });

  it('is not alive when ruok times out, and says so', async () => {
    const result = await liveness.run({ ask: failing('timeout', 'no reply within 1000 ms'), replicas: 3 });
    expect(result).toEqual({
      ok: false,
      reason: 'no reply within 1000 ms',
      details: { word: 'ruok', failure: 'timeout' },
    });
  });
});

describe('checks against a server over TCP', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('fail within the deadline when ZooKeeper hangs', async () => {
    server = await scriptedZk(() => {});
    const ask = createAsk({ port: server.port, timeoutMs: 200 });
    const started = performance.now();
    const [live, ready] = await Promise.all([
      liveness.run({ ask, replicas: 3 }),
      readiness.run({ ask, replicas: 3 }),
    ]);
    expect(performance.now() - started).toBeLessThan(1500); // the deadline, with room for a busy CI machine
    expect([live.ok, ready.ok]).toEqual([false, false]);
  });

  it('100 concurrent readiness probes and scrapes make at most 2 connections', async () => {
    const replies: Record<string, string> = {
      srvr: fixture('3.9.5-leader.srvr'),
      mntr: fixture('3.9.5-leader.mntr'),
    };
    server = await scriptedZk((word, socket) => setTimeout(() => socket.end(replies[word] ?? ''), 50));
    const ask = createAsk({ port: server.port });
    const metrics = createZkMetrics({ fetchMntr: () => ask('mntr') });
    const work = Array.from({ length: 100 }, (_, i) =>
      i % 2
        ? readiness.run({ ask, replicas: 3 }).then((r) => r.ok)
        : metrics.render().then((t) => t.includes('zookeeper_znodes')),
    );
    expect(await Promise.all(work)).toEqual(Array(100).fill(true));
    expect(server.connections).toBe(2);
  });

  it('the whitelist reply reaches the probe body as an actionable reason', async () => {
    server = await scriptedZk(answer(fixture('3.9.5-not-whitelisted.stat').replace('stat', 'srvr')));
    const result = await readiness.run({ ask: createAsk({ port: server.port }), replicas: 3 });
    expect(result.reason).toContain('add srvr to ZK_4LW_WHITELIST');
  });
});

// The recorded not-serving text goes through the real client, so its recognition is tested end to end.
async function createAskReplying(text: string): Promise<AskWord> {
  const srv = await scriptedZk(answer(text));
  return async (word) => {
    try {
      return await createAsk({ port: srv.port })(word);
    } finally {
      await srv.close();
    }
  };
}
