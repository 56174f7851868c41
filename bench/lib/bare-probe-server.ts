// The floor of a readiness probe: a bare node:http server in a process of its own that asks the server
// the same readiness question on every request, with nothing of the agent around it (no framework, no
// reuse of answers, no metrics). `node bare-probe-server.ts zk <client port>`: ZooKeeper's `srvr`, ready
// when it leads, follows, observes or runs standalone. `node bare-probe-server.ts kafka <host> <port>
// <broker id>`: the broker's Metadata, ready when it lists this broker and the broker is in the ISR of
// every partition it hosts (one connection kept, as any client would). Prints its port once listening.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inSyncReport } from '../../agents/kafka/checks/in-sync.ts';
import { createKafkaClient } from '../../agents/kafka/protocol/client.ts';
import { fourLetterWord } from '../../agents/zk/four-letter-word.ts';

type Answer = { ok: boolean; reason: string };
const [kind, ...args] = process.argv.slice(2);
const TIMEOUT_MS = 1000;

function zkReady(port: number): () => Promise<Answer> {
  return async () => {
    const reply = await fourLetterWord('srvr', { port, timeoutMs: TIMEOUT_MS });
    if (!reply.ok) return { ok: false, reason: reply.detail };
    const mode = /^Mode: (\w+)/m.exec(reply.text)?.[1] ?? 'unknown';
    const ok = ['leader', 'follower', 'observer', 'standalone'].includes(mode);
    return { ok, reason: `mode ${mode}` };
  };
}

function kafkaReady(host: string, port: number, id: number): () => Promise<Answer> {
  const client = createKafkaClient({ host, port, timeoutMs: TIMEOUT_MS });
  return async () => {
    try {
      const report = inSyncReport(await client.metadata(), id);
      const ok = report.registered && report.notInSync.length === 0;
      return { ok, reason: `registered ${report.registered}, not in sync: ${report.notInSync.length}` };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  };
}

const ask =
  kind === 'zk'
    ? zkReady(Number(args[0]))
    : kind === 'kafka'
      ? kafkaReady(args[0]!, Number(args[1]), Number(args[2]))
      : undefined;
if (!ask) throw new Error(`usage: bare-probe-server.ts zk <port> | kafka <host> <port> <id> (got ${kind})`);
const server = http.createServer((_request, response) => {
  void ask().then((answer) => {
    const body = JSON.stringify(answer);
    response.writeHead(answer.ok ? 200 : 503, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
