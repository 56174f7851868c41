import { afterEach, describe, expect, it } from 'vitest';
import { fourLetterWord } from '../../agents/zk/four-letter-word.ts';
import { freePort } from '../../tools/harness/ports.ts';
import { answer, scriptedZk } from '../helpers/scripted-zk.ts';
import type { ScriptedServer } from '../helpers/scripted-zk.ts';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('four-letter-word client', () => {
  it('sends the word and returns the whole reply once the server closes', async () => {
    let asked = '';
    server = await scriptedZk((word, socket) => {
      asked = word;
      socket.end('imok');
    });
    expect(await fourLetterWord('ruok', { port: server.port })).toEqual({
      ok: true,
      word: 'ruok',
      text: 'imok',
    });
    expect(asked).toBe('ruok');
  });

  it('waits for a slow reply that arrives within the deadline', async () => {
    server = await scriptedZk((_w, socket) => setTimeout(() => socket.end('imok'), 150));
    const result = await fourLetterWord('ruok', { port: server.port, timeoutMs: 1000 });
    expect(result).toMatchObject({ ok: true, text: 'imok' });
  });

  it('reads a reply sent in parts until the server closes, not just the first chunk', async () => {
    server = await scriptedZk((_w, socket) => {
      socket.write('zk_version\t3.9.5\n');
      setTimeout(() => socket.end('zk_server_state\tleader\n'), 100);
    });
    const result = await fourLetterWord('mntr', { port: server.port });
    expect(result).toEqual({ ok: true, word: 'mntr', text: 'zk_version\t3.9.5\nzk_server_state\tleader\n' });
  });

  it('does not half-close its side before the reply (pravega/zookeeper-operator #475)', async () => {
    let clientEnded = false;
    server = await scriptedZk((_w, socket) => {
      socket.on('end', () => (clientEnded = true));
      setTimeout(() => socket.end(clientEnded ? 'half-closed too early' : 'imok'), 50);
    });
    expect(await fourLetterWord('ruok', { port: server.port })).toMatchObject({ ok: true, text: 'imok' });
  });

  it('gives up at the deadline when the server never answers', async () => {
    server = await scriptedZk(() => {});
    const started = performance.now();
    const result = await fourLetterWord('mntr', { port: server.port, timeoutMs: 200 });
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1500); // the deadline, with room for a busy CI machine
  });

  it('times out, saying how much arrived, when the server sends part of a reply and hangs', async () => {
    server = await scriptedZk((_w, socket) => socket.write('zk_version\t3.9.5\n'));
    const result = await fourLetterWord('mntr', { port: server.port, timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    expect(!result.ok && result.detail).toContain('17 bytes received');
  });

  it('reports a word missing from the whitelist as a configuration problem naming ZK_4LW_WHITELIST', async () => {
    server = await scriptedZk(answer('mntr is not executed because it is not in the whitelist.\n'));
    const result = await fourLetterWord('mntr', { port: server.port });
    expect(result).toMatchObject({ ok: false, reason: 'not-whitelisted' });
    expect(!result.ok && result.detail).toContain('add mntr to ZK_4LW_WHITELIST');
  });

  it('recognises a server that is not serving requests', async () => {
    server = await scriptedZk(answer('This ZooKeeper instance is not currently serving requests\n'));
    expect(await fourLetterWord('srvr', { port: server.port })).toMatchObject({
      ok: false,
      reason: 'not-serving',
    });
  });

  it('reports a close without any reply as empty', async () => {
    server = await scriptedZk(answer(''));
    expect(await fourLetterWord('srvr', { port: server.port })).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('reports a reset after the word was sent as empty too (ZooKeeper dropping connections on a role change)', async () => {
    // resetAndDestroy() closes with RST, as a server does when it closes with our word still unread.
    server = await scriptedZk((_word, socket) => socket.resetAndDestroy());
    const result = await fourLetterWord('ruok', { port: server.port });
    expect(result).toMatchObject({ ok: false, reason: 'empty' });
    expect(!result.ok && result.detail).toContain('reset the connection');
  });

  it('gives up on a reply far larger than any ZooKeeper sends (mntr is ~30 KiB), without waiting for the deadline', async () => {
    server = await scriptedZk((_word, socket) => socket.end('x'.repeat(2 * 1024 * 1024)));
    const result = await fourLetterWord('mntr', { port: server.port, timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, reason: 'error' });
    expect(!result.ok && result.detail).toContain('exceeds');
  });

  it('reports a refused connection quickly', async () => {
    const port = await freePort();
    const result = await fourLetterWord('ruok', { port, timeoutMs: 1000 });
    expect(result).toMatchObject({ ok: false, reason: 'refused' });
    expect(!result.ok && result.detail).toContain(`127.0.0.1:${port}`);
  });
});
