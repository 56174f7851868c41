// The pod's FQDN and its domain, resolved on first use: only a value that needs them (a $(hostname -f),
// the advertised listeners, derived voters or peers) reads /etc/hosts or fails for want of a domain.
import { podDomain, type PodIdentity } from '../../core/identity.ts';

export interface PodAddress {
  fqdn(): string;
  domain(): string;
}

export function podAddress(
  agentDomain: string | undefined,
  identity: PodIdentity,
  readHosts: () => string,
): PodAddress {
  let known: string | undefined;
  const domain = () => (known ??= podDomain(agentDomain, identity, readHosts));
  return { domain, fqdn: () => `${identity.podName}.${domain()}` };
}
