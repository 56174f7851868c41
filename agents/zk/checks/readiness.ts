import { parseSrvr } from '../srvr.ts';
import type { ZkCheck } from './types.ts';

const QUORUM_MODES = new Set(['leader', 'follower', 'observer']);

/**
 * Readiness: the server serves clients as part of the ensemble it should be in. Judged from `srvr`,
 * which ZooKeeper ≥3.5.3 enables even when 4lw.commands.whitelist omits it; `ruok` is not enough
 * because it answers imok without quorum. `standalone` is right only for ZK_REPLICAS=1: with more, a
 * server that lost its server.N lines would otherwise accept writes on its own (split brain).
 */
export const readiness: ZkCheck = {
  name: 'readiness',
  async run({ ask, replicas }) {
    const reply = await ask('srvr');
    if (!reply.ok)
      return { ok: false, reason: reply.detail, details: { word: 'srvr', failure: reply.reason } };
    const { mode } = parseSrvr(reply.text);
    const details = { mode: mode ?? null, replicas };
    if (mode === undefined) return { ok: false, reason: 'srvr reply has no "Mode:" line', details };
    if (QUORUM_MODES.has(mode))
      return { ok: true, reason: `ZooKeeper serves as ${mode} of a quorum`, details };
    if (mode === 'standalone' && replicas === 1)
      return { ok: true, reason: 'ZooKeeper serves standalone, as ZK_REPLICAS=1 expects', details };
    if (mode === 'standalone') {
      const reason = `ZooKeeper runs standalone but ZK_REPLICAS=${replicas} expects an ensemble: check the server.N lines of zoo.cfg`;
      return { ok: false, reason, details };
    }
    return { ok: false, reason: `ZooKeeper is in mode ${mode}, not serving as part of a quorum`, details };
  },
};
