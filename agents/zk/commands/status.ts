// `zk-agent status`: a human summary, like `zkServer.sh status`, plus the mode of every server of the
// ensemble. Exit 1 when this pod's ZooKeeper does not serve.
import type { Env } from '../../core/env.ts';
import type { CommonOptions, ProgramIo } from '../../core/verbs.ts';
import { askFor } from '../ask.ts';
import { ensembleStatus, formatEnsemble } from '../ensemble-status.ts';
import { loadZkRuntime } from '../load.ts';
import { formatStatus, zkStatus } from '../status.ts';

export default async function status(options: CommonOptions, env: Env, io: ProgramIo): Promise<number> {
  const { settings, identity, servers, unknown } = loadZkRuntime(env, options.hostname);
  const ask = askFor(settings);
  const askPeer = (host: string) => askFor(settings, { host });
  const [local, peers] = await Promise.all([
    zkStatus(ask, identity),
    ensembleStatus(servers, identity.myid, ask, askPeer),
  ]);
  const ensemble = unknown
    ? `Ensemble: not shown: ${unknown}\n`
    : peers.length > 0
      ? formatEnsemble(peers)
      : '';
  io.stdout.write(formatStatus(local) + ensemble);
  return local.serving ? 0 : 1;
}
