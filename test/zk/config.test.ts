// buildZkConfig in-process: the parts of identity the golden cases cannot reach through the bundle, which
// reads the machine's own /etc/hosts.
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../agents/core/env.ts';
import { buildZkConfig } from '../../agents/zk/config.ts';
import { renderZooCfg } from '../../agents/zk/render/zoo-cfg.ts';
import { zkVariables } from '../../agents/zk/settings.ts';

const KUBELET_HOSTS = `# Kubernetes-managed hosts file.
127.0.0.1\tlocalhost
::1\tlocalhost ip6-localhost ip6-loopback
10.244.2.9\tzk-1.zk-hs.kafka.svc.cluster.local\tzk-1
`;

function config(env: Record<string, string>, hostname: string, hostsText = '') {
  return buildZkConfig({ settings: parseEnv(zkVariables, env), hostname, readHosts: () => hostsText });
}

describe('buildZkConfig', () => {
  it('takes the domain from /etc/hosts when AGENT_DOMAIN is unset', () => {
    const { servers } = config({ ZK_REPLICAS: '3' }, 'zk-1', KUBELET_HOSTS);
    expect(servers).toEqual([
      { id: 1, host: 'zk-0.zk-hs.kafka.svc.cluster.local' },
      { id: 2, host: 'zk-1.zk-hs.kafka.svc.cluster.local' },
      { id: 3, host: 'zk-2.zk-hs.kafka.svc.cluster.local' },
    ]);
  });

  it('lets AGENT_DOMAIN win over /etc/hosts', () => {
    const { servers } = config({ ZK_REPLICAS: '3', AGENT_DOMAIN: 'zk.example.com' }, 'zk-1', KUBELET_HOSTS);
    expect(servers.map((server) => server.host)).toEqual([
      'zk-0.zk.example.com',
      'zk-1.zk.example.com',
      'zk-2.zk.example.com',
    ]);
  });

  it('writes the same zoo.cfg from /etc/hosts as from the equal AGENT_DOMAIN', () => {
    const fromHosts = config({ ZK_REPLICAS: '3' }, 'zk-1', KUBELET_HOSTS);
    const fromEnv = config({ ZK_REPLICAS: '3', AGENT_DOMAIN: 'zk-hs.kafka.svc.cluster.local' }, 'zk-1');
    expect(renderZooCfg(fromHosts)).toBe(renderZooCfg(fromEnv));
  });

  it('needs no domain for a standalone server', () => {
    expect(config({ ZK_REPLICAS: '1' }, 'zk-0').servers).toEqual([]);
  });

  it('refuses an ensemble when neither AGENT_DOMAIN nor /etc/hosts gives a domain', () => {
    expect(() => config({ ZK_REPLICAS: '3' }, 'zk-0', '10.0.0.5\tzk-0\n')).toThrow(/AGENT_DOMAIN/);
  });

  it('takes the domain from an FQDN hostname (setHostnameAsFQDN) before /etc/hosts', () => {
    const fqdn = 'zk-1.zk-hs.default.svc.cluster.local';
    const built = config({ ZK_REPLICAS: '3' }, fqdn, KUBELET_HOSTS);
    expect(built.myid).toBe(2);
    expect(built.servers.map((server) => server.host)).toEqual([
      'zk-0.zk-hs.default.svc.cluster.local',
      'zk-1.zk-hs.default.svc.cluster.local',
      'zk-2.zk-hs.default.svc.cluster.local',
    ]);
  });

  it('lets AGENT_DOMAIN win over the domain of an FQDN hostname', () => {
    const built = config({ ZK_REPLICAS: '3', AGENT_DOMAIN: 'zk.example.com' }, 'zk-1.zk-hs.default.svc');
    expect(built.servers[0]!.host).toBe('zk-0.zk.example.com');
  });

  it('treats an invalid domain in /etc/hosts as none', () => {
    expect(() => config({ ZK_REPLICAS: '3' }, 'zk-0', '10.0.0.5\tzk-0.-bad_domain\tzk-0\n')).toThrow(
      /AGENT_DOMAIN/,
    );
  });

  it('refuses an ensemble when POD_INDEX stands in for a hostname without an ordinal', () => {
    expect(() =>
      config({ ZK_REPLICAS: '3', POD_INDEX: '0', AGENT_DOMAIN: 'zk.example.com' }, 'zookeeper'),
    ).toThrow(/"zookeeper" has no StatefulSet ordinal, so with ZK_REPLICAS=3 .* cannot be derived/);
    expect(config({ ZK_REPLICAS: '1', POD_INDEX: '0' }, 'zookeeper').myid).toBe(1);
  });

  it('derives session timeouts from the tick unless set', () => {
    const derived = config({ ZK_REPLICAS: '1', ZK_TICK_TIME: '3000' }, 'zk-0');
    expect([derived.minSessionTimeout, derived.maxSessionTimeout]).toEqual([6000, 60000]);
    const set = config(
      { ZK_REPLICAS: '1', ZK_MIN_SESSION_TIMEOUT: '5000', ZK_MAX_SESSION_TIMEOUT: '5000' },
      'zk-0',
    );
    expect([set.minSessionTimeout, set.maxSessionTimeout]).toEqual([5000, 5000]);
  });

  it('allows the highest myid, 255, and not one more', () => {
    expect(config({ ZK_REPLICAS: '1', AGENT_ID_OFFSET: '255' }, 'zk-0').myid).toBe(255);
    expect(() => config({ ZK_REPLICAS: '1', AGENT_ID_OFFSET: '256' }, 'zk-0')).toThrow(/1\.\.255/);
  });
});
