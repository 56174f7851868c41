// Settings, identity and peers for the verbs that talk to running servers (serve, ok, metrics, status):
// the same variables as init, so a probe sees exactly what the server was configured with.
import type { Env } from '../core/env.ts';
import { parseEnv } from '../core/env.ts';
import { isAgentError } from '../core/errors.ts';
import { machineHostname, readHostsFile } from '../core/host.ts';
import { podIdentity, serverId } from '../core/identity.ts';
import { zkServers, type ZkServerEntry } from './config.ts';
import { zkVariables, type ZkSettings } from './settings.ts';
import type { StatusIdentity } from './status.ts';

export function loadZkSettings(env: Env): ZkSettings {
  return parseEnv(zkVariables, env);
}

export function statusIdentity(settings: ZkSettings, hostnameOverride: string | undefined): StatusIdentity {
  const identity = podIdentity(machineHostname(hostnameOverride), settings.POD_INDEX);
  return {
    hostname: identity.hostname,
    myid: serverId(identity.ordinal, settings.AGENT_ID_OFFSET),
    replicas: settings.ZK_REPLICAS,
  };
}

/** The server list init writes, or why it cannot be told (the peers' domain unknown, …). */
export function zkPeers(
  settings: ZkSettings,
  hostname: string,
): { servers: readonly ZkServerEntry[]; unknown?: string } {
  try {
    return { servers: zkServers(settings, podIdentity(hostname, settings.POD_INDEX), readHostsFile) };
  } catch (error) {
    if (!isAgentError(error)) throw error;
    const unknown =
      error.code === 'AGENT_ERR_IDENTITY_DOMAIN'
        ? "the peers' domain is unknown (set AGENT_DOMAIN, e.g. AGENT_DOMAIN=zk-hs.default.svc.cluster.local)"
        : error.message;
    return { servers: [], unknown };
  }
}
