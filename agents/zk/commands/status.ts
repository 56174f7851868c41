// `zk-agent status`: a human summary, like `zkServer.sh status`, plus the mode of every server of the
// ensemble. Exit 1 when this pod's ZooKeeper does not serve.
import type { Env } from '../../core/env.ts';
import { isAgentError } from '../../core/errors.ts';
import { readHostsFile } from '../../core/host.ts';
import type { CommonOptions } from '../../core/program.ts';
import { createAsk, type AskWord } from '../ask.ts';
import { buildZkConfig, type ZkServerEntry } from '../config.ts';
import { ensembleStatus, formatEnsemble } from '../ensemble-status.ts';
import { loadZkSettings, statusIdentity } from '../load.ts';
import type { ZkSettings } from '../settings.ts';
import { formatStatus, zkStatus } from '../status.ts';

export default async function status(options: CommonOptions, env: Env): Promise<number> {
  const settings = loadZkSettings(env);
  const timeoutMs = settings.AGENT_CHECK_TIMEOUT;
  const ask = createAsk({ port: settings.ZK_CLIENT_PORT, timeoutMs });
  const identity = statusIdentity(settings, options.hostname);
  const [local, ensemble] = await Promise.all([
    zkStatus(ask, identity),
    ensembleOf(settings, identity.hostname, identity.myid, ask, timeoutMs),
  ]);
  process.stdout.write(formatStatus(local) + ensemble);
  return local.serving ? 0 : 1;
}

/** The ensemble section; empty for a standalone server, a note when the peers' names are unknown. */
async function ensembleOf(
  settings: ZkSettings,
  hostname: string,
  myid: number,
  ask: AskWord,
  timeoutMs: number,
): Promise<string> {
  let servers: readonly ZkServerEntry[];
  try {
    const hostsText = settings.AGENT_DOMAIN ? '' : readHostsFile();
    servers = buildZkConfig({ settings, hostname, hostsText }).servers;
  } catch (error) {
    if (isAgentError(error) && error.code === 'AGENT_ERR_IDENTITY_DOMAIN')
      return "Ensemble: not shown: the peers' domain is unknown (set AGENT_DOMAIN, e.g. AGENT_DOMAIN=zk-hs.default.svc.cluster.local)\n";
    if (isAgentError(error)) return `Ensemble: not shown (${error.message})\n`;
    throw error;
  }
  if (servers.length === 0) return '';
  const askPeer = (host: string) => createAsk({ host, port: settings.ZK_CLIENT_PORT, timeoutMs });
  return formatEnsemble(await ensembleStatus(servers, myid, ask, askPeer));
}
