// The floor of a scrape: a server in a process of its own (as the agent is), answering every request with
// the same bytes and content type the agent sent, and nothing else. `node bare-http-server.ts <body file>
// <content type> [node|fastify]`: bare node:http, or fastify as the agent serves it (its HTTP framework,
// so what fastify itself costs shows apart from what the agent does). Prints its port once listening.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const [file, contentType, kind = 'node'] = process.argv.slice(2);
const body = readFileSync(file!);
const listening = (address: AddressInfo | string | null) =>
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);

if (kind === 'fastify') {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/metrics', async (_request, reply) => reply.type(contentType!).send(body));
  await app.listen({ host: '127.0.0.1', port: 0 });
  listening(app.server.address());
} else {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': contentType!, 'content-length': body.length });
    response.end(body);
  });
  server.listen(0, '127.0.0.1', () => listening(server.address()));
}
