// The floor of a resident agent's memory: a server that answers /livez, /readyz and /metrics with the
// bytes the agent itself answered (captured once), and does nothing else — no ZooKeeper asked, no
// metrics rendered, no logger, no settings. `node fixed-answers-server.cjs <answers.json> <node|fastify>`:
// bare node:http, or fastify as the agent serves it (the agents' HTTP framework). Prints its port once
// listening. Bundled by bench/memory-floor.ts with esbuild before it runs, as the agent is, so that
// neither Node's TypeScript stripping nor node_modules resolution weighs on the floor.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixedAnswer {
  readonly status: number;
  readonly contentType: string;
  /** base64, so that any bytes survive the JSON file. */
  readonly body: string;
}

const [file, kind = 'node'] = process.argv.slice(2);
const answers = new Map(
  Object.entries(JSON.parse(readFileSync(file!, 'utf8')) as Record<string, FixedAnswer>).map(
    ([path, answer]) => [path, { ...answer, bytes: Buffer.from(answer.body, 'base64') }],
  ),
);
const listening = (address: AddressInfo | string | null) =>
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);

// fastify is imported only for its own run, so that the node:http floor never loads it.
async function serveWithFastify(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  for (const [path, answer] of answers)
    app.get(path, async (_request, reply) =>
      reply.code(answer.status).type(answer.contentType).send(answer.bytes),
    );
  await app.listen({ host: '127.0.0.1', port: 0 });
  listening(app.server.address());
}

if (kind === 'fastify') void serveWithFastify();
else {
  const server = http.createServer((request, response) => {
    const answer = answers.get(request.url ?? '');
    if (!answer) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(answer.status, {
      'content-type': answer.contentType,
      'content-length': answer.bytes.length,
    });
    response.end(answer.bytes);
  });
  server.listen(0, '127.0.0.1', () => listening(server.address()));
}
