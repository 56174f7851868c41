// Who this pod is, from the StatefulSet's contract: the ordinal comes from the hostname `<sts>-<N>` or
// POD_INDEX (the apps.kubernetes.io/pod-index label via the downward API), which must agree with it; the
// domain of the headless Service from AGENT_DOMAIN, else the hostname when it is an FQDN
// (setHostnameAsFQDN), else what `hostname -d` would say.
import { AgentError } from './errors.ts';

export interface PodIdentity {
  /** The hostname as given: the pod name, or its FQDN when the pod sets setHostnameAsFQDN. */
  readonly hostname: string;
  /** The pod name: the hostname's first label. */
  readonly podName: string;
  /**
   * The StatefulSet name: the pod name without its `-<N>` suffix. Undefined when the pod name has no
   * ordinal (POD_INDEX gave it): then the peers' names cannot be derived.
   */
  readonly statefulSet: string | undefined;
  readonly ordinal: number;
  /** The rest of the hostname when it is an FQDN, if that is a valid domain. */
  readonly domain: string | undefined;
}

const HOSTNAME_ORDINAL = /^(.+)-(\d+)$/;
/** RFC 1123 host name characters: what a pod's hostname can be, and nothing that can break a config line. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;
/** A DNS domain: dot-separated RFC 1123 labels of at most 63 characters. AGENT_DOMAIN must match it too. */
export const DOMAIN_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const POD_INDEX_FROM_LABEL = "valueFrom.fieldRef.fieldPath: metadata.labels['apps.kubernetes.io/pod-index']";

export function podIdentity(hostname: string, podIndex: number | undefined): PodIdentity {
  // The hostname ends up in zoo.cfg/server.properties (peer names, comments); `--hostname` takes any text.
  if (!HOST_NAME.test(hostname)) {
    throw new AgentError(
      'AGENT_ERR_IDENTITY_HOSTNAME',
      `hostname ${JSON.stringify(hostname)} is not a valid host name (letters, digits, '-' and '.'): ` +
        'pass the pod name, e.g. --hostname zk-0.',
    );
  }
  const dot = hostname.indexOf('.');
  const podName = dot < 0 ? hostname : hostname.slice(0, dot);
  const rest = dot < 0 ? undefined : hostname.slice(dot + 1);
  const domain = rest !== undefined && DOMAIN_NAME.test(rest) ? rest : undefined;
  const match = HOSTNAME_ORDINAL.exec(podName);
  const fromHostname = match ? Number(match[2]) : undefined;
  if (fromHostname !== undefined && !Number.isSafeInteger(fromHostname)) {
    throw new AgentError(
      'AGENT_ERR_IDENTITY_HOSTNAME',
      `hostname ${JSON.stringify(hostname)} has an ordinal too large to be real`,
    );
  }
  if (podIndex !== undefined) {
    if (fromHostname !== undefined && fromHostname !== podIndex) {
      // A template that hard-codes POD_INDEX would give every pod the same id: never let it win silently.
      throw new AgentError(
        'AGENT_ERR_IDENTITY_POD_INDEX',
        `POD_INDEX=${podIndex} disagrees with hostname ${JSON.stringify(hostname)}, whose ordinal is ${fromHostname}. ` +
          "Nothing was written. POD_INDEX must be the pod's own ordinal: set it from the pod label " +
          `(${POD_INDEX_FROM_LABEL}) instead of a fixed value, or remove it: the hostname gives the ordinal.`,
      );
    }
    return { hostname, podName, statefulSet: match?.[1], ordinal: podIndex, domain };
  }
  if (!match) {
    throw new AgentError(
      'AGENT_ERR_IDENTITY_HOSTNAME',
      `hostname ${JSON.stringify(hostname)} has no StatefulSet ordinal: expected <statefulset>-<N>, e.g. zk-0. ` +
        `Run the agent in a StatefulSet pod, pass --hostname zk-0, or set POD_INDEX (${POD_INDEX_FROM_LABEL}).`,
    );
  }
  return { hostname, podName, statefulSet: match[1]!, ordinal: fromHostname!, domain };
}

/**
 * The StatefulSet name, needed for the peers' names `<sts>-<N>`; `ensemble` names the setting that asks
 * for peers (e.g. `ZK_REPLICAS=3`). A hostname without an ordinal (POD_INDEX gave it) cannot tell it.
 */
export function requireStatefulSet(identity: PodIdentity, ensemble: string, single: string): string {
  if (identity.statefulSet !== undefined) return identity.statefulSet;
  throw new AgentError(
    'AGENT_ERR_IDENTITY_HOSTNAME',
    `hostname ${JSON.stringify(identity.hostname)} has no StatefulSet ordinal, so with ${ensemble} the other ` +
      "servers' names (<statefulset>-<N>) cannot be derived from it, even though POD_INDEX gives this pod's ordinal. " +
      `Run the agent in a StatefulSet pod (hostname <statefulset>-<N>, e.g. zk-0), pass --hostname zk-0, or set ${single} for a single server.`,
  );
}

/** The id a server gets from an ordinal: myid, broker.id, node.id. */
export function serverId(ordinal: number, offset: number): number {
  return ordinal + offset;
}

/** Hostname of another pod of the same StatefulSet. */
export function peerHostname(statefulSet: string, ordinal: number): string {
  return `${statefulSet}-${ordinal}`;
}

/**
 * What `hostname -d` says, read from /etc/hosts text (the kubelet writes `<ip> <fqdn> <hostname>` there
 * for pods of a StatefulSet with a headless Service). Returns undefined when the file names no FQDN with a
 * valid domain for the pod name.
 */
export function domainFromHostsFile(hostsText: string, podName: string): string | undefined {
  for (const line of hostsText.split('\n')) {
    const names = line.replace(/#.*/, '').trim().split(/\s+/).slice(1);
    for (const name of names) {
      if (!name.startsWith(`${podName}.`)) continue;
      const domain = name.slice(podName.length + 1);
      if (DOMAIN_NAME.test(domain)) return domain;
    }
  }
  return undefined;
}

/**
 * The headless Service's domain: AGENT_DOMAIN, else the hostname's own (an FQDN), else what /etc/hosts
 * says (read only then).
 */
export function podDomain(
  agentDomain: string | undefined,
  identity: PodIdentity,
  readHosts: () => string,
): string {
  return requireDomain(
    agentDomain ?? identity.domain ?? domainFromHostsFile(readHosts(), identity.podName),
    identity.hostname,
  );
}

export function requireDomain(domain: string | undefined, hostname: string): string {
  if (domain) return domain;
  throw new AgentError(
    'AGENT_ERR_IDENTITY_DOMAIN',
    `cannot tell the domain of ${hostname}: the hostname is not an FQDN and /etc/hosts names no valid FQDN for it. ` +
      'Set AGENT_DOMAIN to the headless Service domain (e.g. AGENT_DOMAIN=zk-hs.default.svc.cluster.local) or ' +
      "set the pod's spec.subdomain to the headless Service name.",
  );
}
