// The floor of a scrape: a bare node:http server in a process of its own (as the agent is), answering
// every request with the same bytes and content type the agent sent. Run as
// `node bare-http-server.ts <body file> <content type>`; prints its port on stdout once listening.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [file, contentType] = process.argv.slice(2);
const body = readFileSync(file!);
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'content-type': contentType!, 'content-length': body.length });
  response.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
