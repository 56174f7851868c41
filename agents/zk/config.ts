// From parsed settings and the pod's identity to the one object every zoo.cfg/myid/java.env renderer
// reads. Pure: the hostname and /etc/hosts text are passed in by the command.
import {
  peerHostname,
  podDomain,
  podIdentity,
  requireStatefulSet,
  serverId,
  type PodIdentity,
} from '../core/identity.ts';
import { AgentError } from '../core/errors.ts';
import type { ServerTls } from '../core/tls/server-tls.ts';
import { REQUIRED_FOUR_LETTER_WORDS, TLS_MANAGED_KEYS, type ZkSettings } from './settings.ts';

export interface ZkServerEntry {
  readonly id: number;
  readonly host: string;
}

export interface ZkConfig {
  readonly settings: ZkSettings;
  readonly identity: PodIdentity;
  readonly myid: number;
  /** Empty when ZK_REPLICAS=1: ZooKeeper then runs standalone. */
  readonly servers: readonly ZkServerEntry[];
  readonly confDir: string;
  readonly minSessionTimeout: number;
  readonly maxSessionTimeout: number;
  readonly fourLetterWords: readonly string[];
  /** The mounted Secret and the keystore/truststore written from it; undefined without AGENT_TLS_DIR. */
  readonly tls: ServerTls | undefined;
  /** What the certificate must cover: this pod's FQDN, then AGENT_TLS_NAMES. Empty without TLS. */
  readonly tlsNames: readonly string[];
}

export interface ZkConfigInputs {
  readonly settings: ZkSettings;
  readonly hostname: string;
  /** Reads /etc/hosts; called only when the peers' domain is needed and known no other way. */
  readonly readHosts: () => string;
  readonly confDirOverride?: string;
  /**
   * With AGENT_TLS_DIR: serverTlsOf(AGENT_TLS_DIR, the conf dir), made by the caller so that the verbs
   * that only ask the server (exec probes) load no TLS code for a plaintext pod.
   */
  readonly tls?: ServerTls;
}

export function buildZkConfig({
  settings,
  hostname,
  readHosts,
  confDirOverride,
  tls,
}: ZkConfigInputs): ZkConfig {
  const identity = podIdentity(hostname, settings.POD_INDEX);
  const replicas = settings.ZK_REPLICAS;
  if (identity.ordinal >= replicas) {
    throw new AgentError(
      'AGENT_ERR_IDENTITY_RANGE',
      `pod ordinal ${identity.ordinal} (${hostname}) is outside the ensemble of ZK_REPLICAS=${replicas} (ordinals 0..${replicas - 1}). ` +
        "Set ZK_REPLICAS to the StatefulSet's replicas, e.g. ZK_REPLICAS=3.",
    );
  }
  const offset = settings.AGENT_ID_OFFSET;
  const highest = serverId(replicas - 1, offset);
  if (serverId(0, offset) < 1 || highest > 255) {
    throw new AgentError(
      'AGENT_ERR_IDENTITY_RANGE',
      `myid would run from ${serverId(0, offset)} to ${highest} (AGENT_ID_OFFSET=${offset}, ZK_REPLICAS=${replicas}), ` +
        'but ZooKeeper myids must be 1..255. Lower AGENT_ID_OFFSET, e.g. AGENT_ID_OFFSET=1.',
    );
  }
  const minSessionTimeout = settings.ZK_MIN_SESSION_TIMEOUT ?? 2 * settings.ZK_TICK_TIME;
  const maxSessionTimeout = settings.ZK_MAX_SESSION_TIMEOUT ?? 20 * settings.ZK_TICK_TIME;
  if (minSessionTimeout > maxSessionTimeout) {
    throw new AgentError(
      'AGENT_ERR_ENV_INVALID',
      `ZK_MIN_SESSION_TIMEOUT=${minSessionTimeout} is above ZK_MAX_SESSION_TIMEOUT=${maxSessionTimeout}: ZooKeeper would refuse to start (e.g. ZK_MIN_SESSION_TIMEOUT=4000 ZK_MAX_SESSION_TIMEOUT=40000)`,
    );
  }

  assertDistinctPorts(settings, tls !== undefined);
  if (tls) assertExtraKeepsTls(settings);

  const servers = zkServers(settings, identity, readHosts);
  // Peers dial <pod>.<domain> and verify that name against the certificate: it must be there.
  const tlsNames = tls
    ? [
        `${identity.podName}.${podDomain(settings.AGENT_DOMAIN, identity, readHosts)}`,
        ...settings.AGENT_TLS_NAMES,
      ]
    : [];

  const words = settings.ZK_4LW_WHITELIST.includes('*')
    ? ['*']
    : [...new Set([...REQUIRED_FOUR_LETTER_WORDS, ...settings.ZK_4LW_WHITELIST])];

  return Object.freeze({
    settings,
    identity,
    myid: serverId(identity.ordinal, offset),
    servers: Object.freeze(servers),
    confDir: confDirOverride ?? settings.ZK_CONF_DIR,
    minSessionTimeout,
    maxSessionTimeout,
    fourLetterWords: Object.freeze(words),
    tls,
    tlsNames: Object.freeze(tlsNames),
  });
}

/**
 * The server list: one `server.N` per pod of the StatefulSet, none for a standalone server. The domain
 * is AGENT_DOMAIN, else the hostname's own (setHostnameAsFQDN), else what /etc/hosts says.
 */
export function zkServers(
  settings: ZkSettings,
  identity: PodIdentity,
  readHosts: () => string,
): ZkServerEntry[] {
  const replicas = settings.ZK_REPLICAS;
  if (replicas === 1) return [];
  const statefulSet = requireStatefulSet(identity, `ZK_REPLICAS=${replicas}`, 'ZK_REPLICAS=1');
  const domain = podDomain(settings.AGENT_DOMAIN, identity, readHosts);
  return Array.from({ length: replicas }, (_, ordinal) => ({
    id: serverId(ordinal, settings.AGENT_ID_OFFSET),
    host: `${peerHostname(statefulSet, ordinal)}.${domain}`,
  }));
}

/**
 * The server's three ports and the agent's share one network namespace (the pod): they must differ. With
 * TLS the client port is ZK_SECURE_CLIENT_PORT, and ZK_CLIENT_PORT is not opened at all.
 */
function assertDistinctPorts(settings: ZkSettings, tls: boolean): void {
  const client = tls ? 'ZK_SECURE_CLIENT_PORT' : 'ZK_CLIENT_PORT';
  const ports = [client, 'ZK_SERVER_PORT', 'ZK_ELECTION_PORT', 'AGENT_PORT'] as const;
  for (const [i, a] of ports.entries()) {
    for (const b of ports.slice(i + 1)) {
      if (settings[a] !== settings[b]) continue;
      throw new AgentError(
        'AGENT_ERR_ENV_INVALID',
        `${a}=${settings[a]} and ${b}=${settings[b]} are the same port: each needs its own ` +
          `(e.g. ${client}=${tls ? 2281 : 2181} ZK_SERVER_PORT=2888 ZK_ELECTION_PORT=3888 AGENT_PORT=9141)`,
      );
    }
  }
}

/** ZK_CFG_EXTRA keys that would undo a TLS-only server (settings.ts says why for each). */
function assertExtraKeepsTls(settings: ZkSettings): void {
  for (const [key] of settings.ZK_CFG_EXTRA) {
    if (!Object.hasOwn(TLS_MANAGED_KEYS, key)) continue;
    throw new AgentError(
      'AGENT_ERR_ENV_INVALID',
      `ZK_CFG_EXTRA sets ${key}, which AGENT_TLS_DIR does not allow: ${TLS_MANAGED_KEYS[key]}. ` +
        'Remove it from ZK_CFG_EXTRA (e.g. ZK_CFG_EXTRA=snapCount=100000)',
    );
  }
}
