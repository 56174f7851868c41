// Who this pod is, from the StatefulSet's contract: the ordinal comes from POD_INDEX (the
// apps.kubernetes.io/pod-index label via the downward API) or else the hostname `<sts>-<N>`; the domain
// of the headless Service from AGENT_DOMAIN or else what `hostname -d` would say.
import { AgentError } from './errors.ts';

export interface PodIdentity {
  readonly hostname: string;
  /** The StatefulSet name: the hostname without its `-<N>` suffix. */
  readonly statefulSet: string;
  readonly ordinal: number;
}

const HOSTNAME_ORDINAL = /^(.+)-(\d+)$/;
/** RFC 1123 host name characters: what a pod's hostname can be, and nothing that can break a config line. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;

export function podIdentity(hostname: string, podIndex: number | undefined): PodIdentity {
  // The hostname ends up in zoo.cfg/server.properties (peer names, comments); `--hostname` takes any text.
  if (!HOST_NAME.test(hostname)) {
    throw new AgentError(
      'AGENT_ERR_IDENTITY_HOSTNAME',
      `hostname ${JSON.stringify(hostname)} is not a valid host name (letters, digits, '-' and '.'): ` +
        'pass the pod name, e.g. --hostname zk-0.',
    );
  }
  const match = HOSTNAME_ORDINAL.exec(hostname);
  if (podIndex !== undefined) {
    // The StatefulSet name is still needed for peers' names; with POD_INDEX any host name will do.
    return { hostname, statefulSet: match ? match[1]! : hostname, ordinal: podIndex };
  }
  if (!match) {
    throw new AgentError(
      'AGENT_ERR_IDENTITY_HOSTNAME',
      `hostname ${JSON.stringify(hostname)} has no StatefulSet ordinal: expected <statefulset>-<N>, e.g. zk-0. ` +
        'Run the agent in a StatefulSet pod, pass --hostname zk-0, or set POD_INDEX ' +
        "(valueFrom.fieldRef.fieldPath: metadata.labels['apps.kubernetes.io/pod-index']).",
    );
  }
  const ordinal = Number(match[2]);
  if (!Number.isSafeInteger(ordinal)) {
    throw new AgentError(
      'AGENT_ERR_IDENTITY_HOSTNAME',
      `hostname ${JSON.stringify(hostname)} has an ordinal too large to be real`,
    );
  }
  return { hostname, statefulSet: match[1]!, ordinal };
}

/** The id a server gets from an ordinal: myid, broker.id, node.id. */
export function serverId(ordinal: number, offset: number): number {
  return ordinal + offset;
}

/** Hostname of another pod of the same StatefulSet. */
export function peerHostname(identity: PodIdentity, ordinal: number): string {
  return `${identity.statefulSet}-${ordinal}`;
}

/**
 * What `hostname -d` says, read from /etc/hosts text (the kubelet writes `<ip> <fqdn> <hostname>` there
 * for pods of a StatefulSet with a headless Service). Returns undefined when the file names no FQDN.
 */
export function domainFromHostsFile(hostsText: string, hostname: string): string | undefined {
  for (const line of hostsText.split('\n')) {
    const names = line.replace(/#.*/, '').trim().split(/\s+/).slice(1);
    if (!names.includes(hostname) && !names.some((name) => name.startsWith(`${hostname}.`))) continue;
    const fqdn = names.find((name) => name.startsWith(`${hostname}.`) && name.length > hostname.length + 1);
    if (fqdn) return fqdn.slice(hostname.length + 1);
  }
  return undefined;
}

export function requireDomain(domain: string | undefined, hostname: string): string {
  if (domain) return domain;
  throw new AgentError(
    'AGENT_ERR_IDENTITY_DOMAIN',
    `cannot tell the domain of ${hostname}: /etc/hosts names no FQDN for it. Set AGENT_DOMAIN to the ` +
      "headless Service domain (e.g. AGENT_DOMAIN=zk-hs.default.svc.cluster.local) or set the pod's " +
      'spec.subdomain to the headless Service name.',
  );
}
