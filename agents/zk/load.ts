// Settings and identity for the verbs that talk to a running server (serve, ok, metrics, status): the
// same variables as init, so a probe sees exactly what the server was configured with.
import type { Env } from '../core/env.ts';
import { parseEnv } from '../core/env.ts';
import { machineHostname } from '../core/host.ts';
import { podIdentity, serverId } from '../core/identity.ts';
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
