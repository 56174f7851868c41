// What the agent knows about its server: for `GET /` (JSON) and `zk-agent status` (text), like
// `zkServer.sh status`. Built from the same shared srvr/mntr answers the checks and metrics use.
import type { AskWord } from './ask.ts';
import { parseMntr } from './collectors/mntr.ts';
import { parseSrvr } from './srvr.ts';

export interface ZkStatus {
  readonly hostname: string;
  readonly myid: number;
  readonly replicas: number;
  /** leader | follower | observer | standalone, or why it is unknown. */
  readonly mode: string;
  readonly serving: boolean;
  readonly version?: string;
  readonly zxid?: string;
  readonly znodes?: number;
  /** Leader only: learners connected and in sync (3.4/3.5 say followers, 3.6+ learners). */
  readonly learners?: number;
  readonly syncedFollowers?: number;
  readonly problem?: string;
}

export interface StatusIdentity {
  readonly hostname: string;
  readonly myid: number;
  readonly replicas: number;
}

export async function zkStatus(ask: AskWord, identity: StatusIdentity): Promise<ZkStatus> {
  const srvr = await ask('srvr');
  if (!srvr.ok) return { ...identity, mode: srvr.reason, serving: false, problem: srvr.detail };
  const { mode, version, zxid, nodeCount } = parseSrvr(srvr.text);
  const status: ZkStatus = {
    ...identity,
    mode: mode ?? 'unknown',
    serving: true,
    version,
    zxid,
    znodes: nodeCount,
  };
  if (status.mode !== 'leader') return status;
  const mntr = await ask('mntr');
  if (!mntr.ok) return { ...status, problem: mntr.detail };
  const values = parseMntr(mntr.text);
  const number = (key: string) => values.get(key)?.value;
  return {
    ...status,
    learners: number('zk_learners') ?? number('zk_followers'),
    syncedFollowers: number('zk_synced_followers'),
  };
}

export function formatStatus(status: ZkStatus): string {
  const lines = [
    `Pod: ${status.hostname} (myid ${status.myid} of ${status.replicas})`,
    `Mode: ${status.mode}`,
  ];
  if (status.version) lines.push(`Version: ${status.version}`);
  if (status.zxid) lines.push(`Zxid: ${status.zxid}`);
  if (status.znodes !== undefined) lines.push(`Znodes: ${status.znodes}`);
  if (status.learners !== undefined)
    lines.push(`Learners: ${status.learners} (synced followers: ${status.syncedFollowers ?? 'n/a'})`);
  if (status.problem) lines.push(`Problem: ${status.problem}`);
  return `${lines.join('\n')}\n`;
}
