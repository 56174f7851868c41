// Settings, identity and peers for the verbs that talk to running servers (serve, ok, metrics, status):
// the same variables as init, so a probe sees exactly what the server was configured with.
import type { Env } from '../core/env.ts';
import { parseEnv } from '../core/env.ts';
import { isAgentError } from '../core/errors.ts';
import { machineHostname, readHostsFile } from '../core/host.ts';
import { podIdentity, serverId, type PodIdentity } from '../core/identity.ts';
import { zkServers, type ZkServerEntry } from './config.ts';
import { zkVariables, type ZkSettings } from './settings.ts';
import type { StatusIdentity } from './status.ts';

export function loadZkSettings(env: Env): ZkSettings {
  return parseEnv(zkVariables, env);
}

/** What `serve` and `status` report on: this pod, and the ensemble it should see. */
export interface ZkRuntime {
  readonly settings: ZkSettings;
  readonly identity: StatusIdentity;
  /** The server list init writes; empty when it cannot be told (then `unknown` says why). */
  readonly servers: readonly ZkServerEntry[];
  readonly unknown?: string;
}

export function loadZkRuntime(env: Env, hostnameOverride: string | undefined): ZkRuntime {
  const settings = loadZkSettings(env);
  const pod = podIdentity(machineHostname(hostnameOverride), settings.POD_INDEX);
  const identity: StatusIdentity = {
    hostname: pod.hostname,
    myid: serverId(pod.ordinal, settings.AGENT_ID_OFFSET),
    replicas: settings.ZK_REPLICAS,
  };
  return { settings, identity, ...zkPeers(settings, pod) };
}

/** The server list init writes, or why it cannot be told (the peers' domain unknown, …). */
function zkPeers(
  settings: ZkSettings,
  pod: PodIdentity,
): { servers: readonly ZkServerEntry[]; unknown?: string } {
  try {
    return { servers: zkServers(settings, pod, readHostsFile) };
  } catch (error) {
    if (!isAgentError(error)) throw error;
    const unknown =
      error.code === 'AGENT_ERR_IDENTITY_DOMAIN'
        ? "the peers' domain is unknown (set AGENT_DOMAIN, e.g. AGENT_DOMAIN=zk-hs.default.svc.cluster.local)"
        : error.message;
    return { servers: [], unknown };
  }
}
