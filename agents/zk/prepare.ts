// What `init` and `run` share: parse the environment, derive identity, render every file, and refuse a
// mismatched myid. Nothing is written here; the caller writes only once everything has succeeded.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileToWrite } from '../core/atomic-write.ts';
import type { Env } from '../core/env.ts';
import { machineHostname, readHostsFile } from '../core/host.ts';
import { assertSameId, readIdFile } from '../core/identity-guard.ts';
import { serverTlsFiles, serverTlsOf } from '../core/tls/server-tls.ts';
import { buildZkConfig, type ZkConfig } from './config.ts';
import { loadZkSettings } from './load.ts';
import { myidPath, renderZkFiles } from './render/index.ts';
import { dataDirWarnings, plausibilityWarnings } from './warnings.ts';

export interface PreparedZk {
  readonly config: ZkConfig;
  readonly files: FileToWrite[];
  readonly warnings: string[];
}

export function prepareZk(
  env: Env,
  options: { hostname?: string; confDir?: string; dryRun?: boolean },
): PreparedZk {
  const settings = loadZkSettings(env);
  const hostname = machineHostname(options.hostname);
  const config = buildZkConfig({
    settings,
    hostname,
    readHosts: readHostsFile,
    confDirOverride: options.confDir,
    tls: serverTlsOf(settings.AGENT_TLS_DIR, options.confDir ?? settings.ZK_CONF_DIR),
  });
  const onDisk = readIdFile(
    myidPath(config),
    (text) => text.split('\n')[0]?.trim(),
    'ZK_DATA_DIR=/var/lib/zookeeper/data',
  );
  const ordinalFrom = settings.POD_INDEX === undefined ? `${hostname}, ordinal` : `${hostname}, POD_INDEX`;
  const howDerived = `${ordinalFrom} ${config.identity.ordinal} + AGENT_ID_OFFSET ${settings.AGENT_ID_OFFSET}`;
  assertSameId('myid', onDisk, config.myid, howDerived);
  const hasMyid = onDisk.found !== undefined;
  const hasZkData = isDirectory(join(settings.ZK_DATA_DIR, 'version-2'));
  const warnings = [...plausibilityWarnings(config), ...dataDirWarnings(config, { hasZkData, hasMyid })];
  // A myid already there says this pod's id (checked above), maybe as "02": it is left exactly as it is.
  const files = renderZkFiles(config).filter((file) => !(hasMyid && file.path === myidPath(config)));
  // The mounted certificate is checked here, before anything is written or started: a bad one stops the
  // pod with the file named, rather than a JVM that starts and refuses every handshake. The dry run shows
  // the keystore with its key masked.
  if (config.tls)
    files.push(...serverTlsFiles(config.tls, config.tlsNames, new Date(), options.dryRun === true));
  return { config, files, warnings };
}

/** Only a warning hangs on it: anything unreadable counts as absent. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
