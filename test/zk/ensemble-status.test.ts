// `zk-agent status` shows every server's mode, asked over the network like any ZooKeeper client would.
import { afterEach, describe, expect, it } from 'vitest';
import { createAsk } from '../../agents/zk/ask.ts';
import { ensembleStatus, formatEnsemble } from '../../agents/zk/ensemble-status.ts';
import { answer, scriptedZk, type ScriptedServer } from '../helpers/scripted-zk.ts';

const srvr = (mode: string) =>
  `Zookeeper version: 3.9.5\nLatency min/avg/max: 0/0.0/0\nMode: ${mode}\nNode count: 5\n`;
const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('ensemble status', () => {
  it('asks every server, this pod locally, and tells leader, followers and the unreachable apart', async () => {
    const leader = await scriptedZk(answer(srvr('leader')));
    const self = await scriptedZk(answer(srvr('follower')));
    const looking = await scriptedZk(answer('This ZooKeeper instance is not currently serving requests\n'));
    servers.push(leader, self, looking);
    const ports: Record<string, number> = {
      'zk-0.zk-hs': leader.port,
      'zk-2.zk-hs': looking.port,
      'zk-3.zk-hs': 1, // nothing listens there
    };
    const askPeer = (host: string) => createAsk({ host: '127.0.0.1', port: ports[host]!, timeoutMs: 500 });
    const entries = [
      { id: 1, host: 'zk-0.zk-hs' },
      { id: 2, host: 'zk-1.zk-hs' },
      { id: 3, host: 'zk-2.zk-hs' },
      { id: 4, host: 'zk-3.zk-hs' },
    ];
    const peers = await ensembleStatus(entries, 2, createAsk({ port: self.port, timeoutMs: 500 }), askPeer);
    expect(peers.map((peer) => [peer.myid, peer.mode, peer.self])).toEqual([
      [1, 'leader', false],
      [2, 'follower', true],
      [3, 'not serving', false],
      [4, 'unreachable (refused)', false],
    ]);
    expect(self.connections, "this pod's server is asked through 127.0.0.1, once").toBe(1);
    expect(formatEnsemble(peers)).toBe(
      'Ensemble:\n' +
        '  myid 1  zk-0.zk-hs  leader\n' +
        '  myid 2  zk-1.zk-hs  follower  (this pod)\n' +
        '  myid 3  zk-2.zk-hs  not serving\n' +
        '  myid 4  zk-3.zk-hs  unreachable (refused)\n',
    );
  });
});
