import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP server on 127.0.0.1 that plays ZooKeeper's side of a four-letter word as scripted. */
export interface ScriptedServer {
  readonly port: number;
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

export async function scriptedZk(reply: (word: string, socket: net.Socket) => void): Promise<ScriptedServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', (data) => reply(data.toString('utf8'), socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const state: ScriptedServer = {
    port: (server.address() as AddressInfo).port,
    connections: 0,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return state;
}

/** A reply as ZooKeeper sends it: write everything, then close. */
export const answer = (text: string) => (_word: string, socket: net.Socket) => socket.end(text);
