// `zk-agent status`: a human summary, like `zkServer.sh status`. Exit 1 when ZooKeeper does not serve.
import type { Env } from '../../core/env.ts';
import type { CommonOptions } from '../../core/program.ts';
import { createAsk } from '../ask.ts';
import { loadZkSettings, statusIdentity } from '../load.ts';
import { formatStatus, zkStatus } from '../status.ts';

export default async function status(options: CommonOptions, env: Env): Promise<number> {
  const settings = loadZkSettings(env);
  const ask = createAsk({ port: settings.ZK_CLIENT_PORT, timeoutMs: settings.AGENT_CHECK_TIMEOUT });
  const result = await zkStatus(ask, statusIdentity(settings, options.hostname));
  process.stdout.write(formatStatus(result));
  return result.serving ? 0 : 1;
}
