// A tiny, independent reader of ZooKeeper's `srvr` four-letter word: the integration tests assert
// through ZooKeeper itself, not through the agent's own 4lw client they are testing.
import { connect } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';

export type ZkMode = 'leader' | 'follower' | 'observer' | 'standalone';

export interface SrvrReply {
  /** Undefined when the server answers without a mode (not serving: no quorum) or not at all. */
  readonly mode: ZkMode | undefined;
  readonly text: string;
}

/**
 * Sends `srvr` and reads until the server closes, with a deadline. ZooKeeper writes the reply and closes;
 * a client that stops reading early can see an empty reply (pravega/zookeeper-operator #475). `tls`: a
 * TLS-only server's secureClientPort, with these options (a client certificate it trusts).
 */
export function srvr(
  port: number,
  host = '127.0.0.1',
  timeoutMs = 2000,
  tls?: ConnectionOptions,
): Promise<SrvrReply> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = tls ? connectTls({ ...tls, port, host }) : connect({ port, host });
    const finish = () => {
      socket.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      const mode = /^Mode: (leader|follower|observer|standalone)$/m.exec(text)?.[1] as ZkMode | undefined;
      resolve({ mode, text });
    };
    socket.setTimeout(timeoutMs, finish);
    socket.once(tls ? 'secureConnect' : 'connect', () => socket.write('srvr'));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.once('close', finish);
    socket.once('error', () => undefined); // refused while starting: 'close' follows with no data
  });
}
