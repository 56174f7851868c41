// What `init` and `run` share: parse the environment, derive identity, render every file, and refuse a
// mismatched myid. Nothing is written here; the caller writes only once everything has succeeded.
import type { FileToWrite } from '../core/atomic-write.ts';
import type { Env } from '../core/env.ts';
import { parseEnv } from '../core/env.ts';
import { machineHostname, readHostsFile } from '../core/host.ts';
import { assertSameId, readIdFile } from '../core/identity-guard.ts';
import { buildZkConfig, type ZkConfig } from './config.ts';
import { myidPath, renderZkFiles } from './render/index.ts';
import { zkVariables } from './settings.ts';
import { plausibilityWarnings } from './warnings.ts';

export interface PreparedZk {
  readonly config: ZkConfig;
  readonly files: FileToWrite[];
  readonly warnings: string[];
}

export function prepareZk(env: Env, options: { hostname?: string; confDir?: string }): PreparedZk {
  const settings = parseEnv(zkVariables, env);
  const hostname = machineHostname(options.hostname);
  const config = buildZkConfig({
    settings,
    hostname,
    hostsText: settings.AGENT_DOMAIN ? '' : readHostsFile(),
    confDirOverride: options.confDir,
  });
  const onDisk = readIdFile(myidPath(config), (text) => text.split('\n')[0]?.trim());
  const howDerived = `${hostname}, ordinal ${config.identity.ordinal} + AGENT_ID_OFFSET ${settings.AGENT_ID_OFFSET}`;
  assertSameId('myid', onDisk, String(config.myid), howDerived);
  return { config, files: renderZkFiles(config), warnings: plausibilityWarnings(config) };
}
