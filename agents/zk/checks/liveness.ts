import type { ZkCheck } from './types.ts';

/**
 * Liveness: the process answers `ruok` with `imok`. Says nothing about quorum: ruok answers imok while
 * LOOKING. A connection ZooKeeper accepts and then closes without a word also proves the process is
 * alive: it does that to every client when it changes role (Leader.shutdown closes all connections),
 * and failing liveness then would count towards restarting a healthy server in the middle of an election.
 * A hung or stopped JVM never gets that far: it times out.
 */
export const liveness: ZkCheck = {
  name: 'liveness',
  async run({ ask }) {
    const reply = await ask('ruok');
    if (!reply.ok && reply.reason === 'empty') {
      return {
        ok: true,
        reason:
          'ZooKeeper accepted and closed the connection without answering ruok (as it does while changing role)',
        details: { word: 'ruok', failure: 'empty' },
      };
    }
    if (!reply.ok)
      return { ok: false, reason: reply.detail, details: { word: 'ruok', failure: reply.reason } };
    const answer = reply.text.trim();
    if (answer === 'imok') return { ok: true, reason: 'ZooKeeper answered ruok with imok' };
    return {
      ok: false,
      reason: `ZooKeeper answered ruok with "${answer.slice(0, 80)}", not imok`,
      details: { word: 'ruok' },
    };
  },
};
