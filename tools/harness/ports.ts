// Free TCP ports for servers the tests start. Random candidates below the kernel's ephemeral range
// (32768+ on Linux, where outgoing connections take their local ports), each probed by binding it on
// the wildcard address: on Linux that bind fails when any address, 127.0.1.x included, holds the port.
// Ports handed out are remembered, so two ensembles of one process never get the same one even before
// their servers bind. A port can still be taken between the probe and the server's bind; the range is
// wide enough that this is rare, and the quorum wait then fails with the server's log.
import { createServer } from 'node:net';

const LOW = 12_000;
const HIGH = 32_000;
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(port)) continue;
    if (await canBind(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free TCP port found in ${LOW}-${HIGH}`);
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
