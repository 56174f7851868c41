import type { ZkCheck } from './types.ts';

/** Liveness: the process answers `ruok` with `imok`. Says nothing about quorum: ruok answers imok while LOOKING. */
export const liveness: ZkCheck = {
  name: 'liveness',
  async run({ ask }) {
    const reply = await ask('ruok');
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
