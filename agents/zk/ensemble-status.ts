// The whole ensemble as `zk-agent status` shows it: every server of the server list asked `srvr` on
// its client port (srvr is always whitelisted), so an operator sees from any pod who leads and who
// follows. 4lw replies do not say who the leader is; asking each server does.
import type { AskWord } from './ask.ts';
import type { ZkServerEntry } from './config.ts';
import { parseSrvr } from './srvr.ts';

export interface PeerStatus {
  readonly host: string;
  readonly myid: number;
  /** leader | follower | observer | standalone, or why it could not be told. */
  readonly mode: string;
  readonly self: boolean;
}

/**
 * `askPeer(host)` asks one server; this pod's own server is asked through `askSelf` (127.0.0.1), the
 * agent's shared client, so its srvr is the one the status and the probes already asked for.
 */
export async function ensembleStatus(
  servers: readonly ZkServerEntry[],
  selfId: number,
  askSelf: AskWord,
  askPeer: (host: string) => AskWord,
): Promise<PeerStatus[]> {
  return Promise.all(
    servers.map(async ({ id, host }) => {
      const self = id === selfId;
      const reply = await (self ? askSelf : askPeer(host))('srvr');
      const mode = reply.ok
        ? (parseSrvr(reply.text).mode ?? 'unknown')
        : reply.reason === 'not-serving'
          ? 'not serving'
          : `unreachable (${reply.reason})`;
      return { host, myid: id, mode, self };
    }),
  );
}

export function formatEnsemble(peers: readonly PeerStatus[]): string {
  const width = Math.max(...peers.map((peer) => peer.host.length));
  const lines = peers.map(
    (peer) =>
      `  myid ${peer.myid}  ${peer.host.padEnd(width)}  ${peer.mode}${peer.self ? '  (this pod)' : ''}`,
  );
  return `Ensemble:\n${lines.join('\n')}\n`;
}
