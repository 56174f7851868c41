import { describe, expect, it } from 'vitest';
import { AgentError } from '../../agents/core/errors.ts';
import {
  domainFromHostsFile,
  peerHostname,
  podIdentity,
  requireDomain,
  requireStatefulSet,
  serverId,
} from '../../agents/core/identity.ts';

// What the kubelet writes into a StatefulSet pod's /etc/hosts when spec.subdomain names a headless Service.
const KUBELET_HOSTS = `# Kubernetes-managed hosts file.
127.0.0.1\tlocalhost
::1\tlocalhost ip6-localhost ip6-loopback
fe00::0\tip6-localnet
fe00::0\tip6-mcastprefix
fe00::1\tip6-allnodes
fe00::2\tip6-allrouters
10.244.1.7\tzk-1.zk-svc.default.svc.cluster.local\tzk-1
`;

function identityError(hostname: string, podIndex?: number): AgentError {
  try {
    podIdentity(hostname, podIndex);
  } catch (error) {
    expect(error).toBeInstanceOf(AgentError);
    return error as AgentError;
  }
  throw new Error(`podIdentity accepted ${JSON.stringify(hostname)}`);
}

describe('podIdentity', () => {
  it('takes the ordinal and the StatefulSet name from <sts>-<N>', () => {
    expect(podIdentity('zk-2', undefined)).toEqual({
      hostname: 'zk-2',
      podName: 'zk-2',
      statefulSet: 'zk',
      ordinal: 2,
      domain: undefined,
    });
  });

  it('takes only the last -<N> as the ordinal when the StatefulSet name has dashes and digits', () => {
    expect(podIdentity('kafka-zk-2-1', undefined)).toMatchObject({ statefulSet: 'kafka-zk-2', ordinal: 1 });
  });

  it('accepts a POD_INDEX that agrees with the hostname', () => {
    expect(podIdentity('zk-2', 2)).toMatchObject({ statefulSet: 'zk', ordinal: 2 });
  });

  it('refuses a POD_INDEX that disagrees with the hostname, naming both and the downward API label', () => {
    const error = identityError('zk-2', 0);
    expect(error.code).toBe('AGENT_ERR_IDENTITY_POD_INDEX');
    expect(error.message).toContain('POD_INDEX=0');
    expect(error.message).toContain('"zk-2"');
    expect(error.message).toContain('ordinal is 2');
    expect(error.message).toContain("metadata.labels['apps.kubernetes.io/pod-index']");
    expect(error.message).toContain('remove it');
  });

  it('compares POD_INDEX with the ordinal of an FQDN hostname too', () => {
    expect(identityError('zk-1.zk-hs.default.svc.cluster.local', 2).code).toBe(
      'AGENT_ERR_IDENTITY_POD_INDEX',
    );
  });

  it('accepts a hostname without an ordinal when POD_INDEX gives it, with no StatefulSet name', () => {
    expect(podIdentity('zookeeper', 0)).toEqual({
      hostname: 'zookeeper',
      podName: 'zookeeper',
      statefulSet: undefined,
      ordinal: 0,
      domain: undefined,
    });
  });

  it('takes the pod name from the first label of an FQDN hostname and the domain from the rest', () => {
    expect(podIdentity('zk-0.zk-hs.default.svc.cluster.local', undefined)).toEqual({
      hostname: 'zk-0.zk-hs.default.svc.cluster.local',
      podName: 'zk-0',
      statefulSet: 'zk',
      ordinal: 0,
      domain: 'zk-hs.default.svc.cluster.local',
    });
  });

  it('takes no domain from an FQDN whose rest is not a valid domain', () => {
    expect(podIdentity('zk-0.-hs', undefined).domain).toBeUndefined();
    expect(podIdentity(`zk-0.${'a'.repeat(64)}.svc`, undefined).domain).toBeUndefined();
  });

  it('refuses an FQDN whose first label has no ordinal, even when a later one does', () => {
    expect(identityError('zookeeper.zk-0.svc').code).toBe('AGENT_ERR_IDENTITY_HOSTNAME');
  });

  it('refuses a hostname without an ordinal, saying how to fix it', () => {
    const error = identityError('zookeeper');
    expect(error.code).toBe('AGENT_ERR_IDENTITY_HOSTNAME');
    expect(error.message).toContain('"zookeeper"');
    expect(error.message).toContain('--hostname zk-0');
    expect(error.message).toContain('POD_INDEX');
  });

  it('refuses a non-numeric ordinal and a bare -<N>', () => {
    for (const hostname of ['zk-a', 'zk-', '-0', 'zk-1x']) {
      expect(identityError(hostname).code, hostname).toBe('AGENT_ERR_IDENTITY_HOSTNAME');
    }
  });

  it('refuses a hostname that is not a host name, even with POD_INDEX', () => {
    for (const hostname of ['zk\nserver.9=evil-0', 'zk 0', 'zk_0', '', 'zk-0#x']) {
      expect(identityError(hostname, 0).message, hostname).toContain('not a valid host name');
    }
  });

  it('refuses an ordinal too large to be a number', () => {
    expect(identityError(`zk-${'9'.repeat(20)}`).message).toContain('too large');
  });
});

describe('server ids and peers', () => {
  it('adds the offset to the ordinal', () => {
    expect([serverId(0, 1), serverId(2, 1), serverId(2, 10)]).toEqual([1, 3, 12]);
  });

  it('names a peer after the StatefulSet', () => {
    expect(peerHostname(podIdentity('kafka-zk-2-1', undefined).statefulSet!, 0)).toBe('kafka-zk-2-0');
  });

  it('needs the StatefulSet name for peers, and says so when POD_INDEX stood in for the ordinal', () => {
    expect(requireStatefulSet(podIdentity('zk-1', 1), 'ZK_REPLICAS=3', 'ZK_REPLICAS=1')).toBe('zk');
    let error: unknown;
    try {
      requireStatefulSet(podIdentity('zookeeper', 0), 'ZK_REPLICAS=3', 'ZK_REPLICAS=1');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).code).toBe('AGENT_ERR_IDENTITY_HOSTNAME');
    expect((error as AgentError).message).toMatch(
      /"zookeeper".*ZK_REPLICAS=3.*cannot be derived.*ZK_REPLICAS=1/s,
    );
  });
});

describe('domainFromHostsFile (what `hostname -d` says)', () => {
  it('finds the domain in a kubelet-written /etc/hosts', () => {
    expect(domainFromHostsFile(KUBELET_HOSTS, 'zk-1')).toBe('zk-svc.default.svc.cluster.local');
  });

  it('finds the FQDN whatever the order of names on the line', () => {
    expect(domainFromHostsFile('10.0.0.5 zk-0 zk-0.zk-hs.ns.svc.cluster.local\n', 'zk-0')).toBe(
      'zk-hs.ns.svc.cluster.local',
    );
  });

  it('skips lines for the hostname without an FQDN and uses the one that has it', () => {
    const hosts = '127.0.1.1 zk-0\n10.0.0.5 zk-0.zk-hs.ns.svc.cluster.local zk-0\n';
    expect(domainFromHostsFile(hosts, 'zk-0')).toBe('zk-hs.ns.svc.cluster.local');
  });

  it('does not take another pod whose name starts the same (zk-1 is not zk-10)', () => {
    const hosts = '10.0.0.9 zk-10.zk-svc.default.svc.cluster.local zk-10\n';
    expect(domainFromHostsFile(hosts, 'zk-1')).toBeUndefined();
  });

  it('ignores comments', () => {
    expect(domainFromHostsFile('# 10.0.0.5 zk-0.evil.example zk-0\n', 'zk-0')).toBeUndefined();
    expect(domainFromHostsFile('10.0.0.5 zk-0 # zk-0.evil.example\n', 'zk-0')).toBeUndefined();
  });

  it('says nothing for a pod without a subdomain (hostname only)', () => {
    expect(domainFromHostsFile('127.0.0.1 localhost\n10.0.0.5 zk-0\n', 'zk-0')).toBeUndefined();
  });

  it('skips an FQDN whose domain is not a valid domain, as if there were none', () => {
    expect(domainFromHostsFile('10.0.0.5 zk-0.-bad_domain zk-0\n', 'zk-0')).toBeUndefined();
    const hosts = '10.0.0.5 zk-0.bad..domain zk-0\n10.0.0.5 zk-0.zk-hs.ns.svc.cluster.local zk-0\n';
    expect(domainFromHostsFile(hosts, 'zk-0')).toBe('zk-hs.ns.svc.cluster.local');
  });

  it('reads Windows line ends', () => {
    expect(domainFromHostsFile('10.0.0.5 zk-0.zk-hs.ns.svc.cluster.local zk-0\r\n', 'zk-0')).toBe(
      'zk-hs.ns.svc.cluster.local',
    );
  });
});

describe('requireDomain', () => {
  it('passes a domain through', () => {
    expect(requireDomain('zk-hs.default.svc.cluster.local', 'zk-0')).toBe('zk-hs.default.svc.cluster.local');
  });

  it('names AGENT_DOMAIN with a valid value when there is none', () => {
    expect(() => requireDomain(undefined, 'zk-0')).toThrow(
      /AGENT_DOMAIN=zk-hs\.default\.svc\.cluster\.local/,
    );
  });
});
