// zoo.cfg with AGENT_TLS_DIR, in-process: the ports and keys that make the server TLS only, and the
// ZK_CFG_EXTRA keys that could undo it. What the files look like as a whole is the golden case
// tls-ensemble-zk-1's; that the real server takes them is test/integration/zk-tls.test.ts's.
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../agents/core/env.ts';
import { AgentError } from '../../agents/core/errors.ts';
import { serverTlsOf } from '../../agents/core/tls/server-tls.ts';
import { buildZkConfig } from '../../agents/zk/config.ts';
import { renderZkFiles } from '../../agents/zk/render/index.ts';
import { renderZooCfg } from '../../agents/zk/render/zoo-cfg.ts';
import { zkVariables } from '../../agents/zk/settings.ts';

const ENSEMBLE = { ZK_REPLICAS: '3', AGENT_DOMAIN: 'zk-hs.default.svc.cluster.local' };
const TLS = { ...ENSEMBLE, AGENT_TLS_DIR: '/etc/tls' };

/** As prepare.ts builds it: the TLS paths from AGENT_TLS_DIR and the conf dir. */
function config(env: Record<string, string>, hostname = 'zk-1', confDirOverride?: string) {
  const settings = parseEnv(zkVariables, env);
  const tls = serverTlsOf(settings.AGENT_TLS_DIR, confDirOverride ?? settings.ZK_CONF_DIR);
  return buildZkConfig({ settings, hostname, readHosts: () => '', confDirOverride, tls });
}

/** zoo.cfg as key → value (comments dropped). */
function zooCfg(env: Record<string, string>): Map<string, string> {
  const lines = renderZooCfg(config(env)).split('\n');
  return new Map(
    lines
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1)] as const;
      }),
  );
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AgentError) return error.message;
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe('zoo.cfg with AGENT_TLS_DIR', () => {
  it('has a secure client port (2281 by default) and no plaintext clientPort at all', () => {
    const cfg = zooCfg(TLS);
    expect(cfg.get('secureClientPort')).toBe('2281');
    expect(cfg.has('clientPort')).toBe(false);
    expect(zooCfg({ ...TLS, ZK_SECURE_CLIENT_PORT: '12281' }).get('secureClientPort')).toBe('12281');
  });

  it('runs the client port on Netty, with a client certificate required and taken as the identity', () => {
    const cfg = zooCfg(TLS);
    expect(cfg.get('serverCnxnFactory')).toBe('org.apache.zookeeper.server.NettyServerCnxnFactory');
    expect(cfg.get('ssl.clientAuth')).toBe('need');
    expect(cfg.get('authProvider.x509')).toBe('org.apache.zookeeper.server.auth.X509AuthenticationProvider');
  });

  it('gives the client port and the quorum the same PEM keystore and truststore under the config dir', () => {
    const cfg = zooCfg(TLS);
    for (const prefix of ['ssl.', 'ssl.quorum.']) {
      expect(cfg.get(`${prefix}keyStore.location`)).toBe('/opt/zookeeper/conf/tls/keystore.pem');
      expect(cfg.get(`${prefix}keyStore.type`)).toBe('PEM');
      expect(cfg.get(`${prefix}trustStore.location`)).toBe('/opt/zookeeper/conf/tls/truststore.pem');
      expect(cfg.get(`${prefix}trustStore.type`)).toBe('PEM');
    }
    expect(cfg.get('sslQuorum')).toBe('true');
    // No password anywhere: the agent writes the key unencrypted, 0600, where only the server reads it.
    expect([...cfg.keys()].filter((key) => /password/i.test(key))).toEqual([]);
  });

  it('has ZooKeeper reload renewed files itself, for clients and peers', () => {
    const cfg = zooCfg(TLS);
    expect(cfg.get('client.certReload')).toBe('true');
    expect(cfg.get('sslQuorumReloadCertFiles')).toBe('true');
  });

  it('writes the keystore paths under --conf-dir when it is given', () => {
    expect(renderZooCfg(config(TLS, 'zk-1', '/conf'))).toContain(
      '\nssl.keyStore.location=/conf/tls/keystore.pem\n',
    );
  });

  it('writes a client configuration for zkCli.sh that dials the pod by a name its certificate has', () => {
    const files = renderZkFiles(config(TLS));
    const client = files.find((file) => file.path === '/opt/zookeeper/conf/client-tls.properties');
    expect(client?.content).toContain(
      'zkCli.sh -client-configuration /opt/zookeeper/conf/client-tls.properties -server zk-1.zk-hs.default.svc.cluster.local:2281',
    );
    expect(client?.content).toContain('\nzookeeper.client.secure=true\n');
    expect(client?.content).toContain(
      '\nzookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty\n',
    );
    expect(renderZkFiles(config(ENSEMBLE)).map((file) => file.path)).not.toContain(
      '/opt/zookeeper/conf/client-tls.properties',
    );
  });

  it('is the zoo.cfg of before, clientPort included, without AGENT_TLS_DIR', () => {
    const cfg = zooCfg(ENSEMBLE);
    expect(cfg.get('clientPort')).toBe('2181');
    expect(
      [...cfg.keys()].filter((key) => /^ssl|secure|CnxnFactory|certReload|authProvider/i.test(key)),
    ).toEqual([]);
  });
});

describe('the names the certificate must cover', () => {
  it("are the pod's FQDN, then AGENT_TLS_NAMES", () => {
    const built = config({ ...TLS, AGENT_TLS_NAMES: 'zk-client.default.svc.cluster.local,zk.example.com' });
    expect(built.tlsNames).toEqual([
      'zk-1.zk-hs.default.svc.cluster.local',
      'zk-client.default.svc.cluster.local',
      'zk.example.com',
    ]);
  });

  it('need the domain even for a standalone server: a certificate is checked against the FQDN', () => {
    const message = refusal(() => config({ ZK_REPLICAS: '1', AGENT_TLS_DIR: '/etc/tls' }, 'zk-0'));
    expect(message).toContain('AGENT_DOMAIN');
    expect(config({ ZK_REPLICAS: '1' }, 'zk-0').tlsNames).toEqual([]);
  });
});

describe('ports with AGENT_TLS_DIR', () => {
  it('refuses a ZK_SECURE_CLIENT_PORT that is the quorum port', () => {
    const message = refusal(() => config({ ...TLS, ZK_SECURE_CLIENT_PORT: '2888' }));
    expect(message).toContain('ZK_SECURE_CLIENT_PORT=2888 and ZK_SERVER_PORT=2888 are the same port');
  });

  it('lets ZK_CLIENT_PORT equal another port, as it is not opened at all', () => {
    expect(zooCfg({ ...TLS, ZK_CLIENT_PORT: '9141' }).has('clientPort')).toBe(false);
  });
});

describe('ZK_CFG_EXTRA and TLS', () => {
  it.each([
    ['secureClientPort=2282', 'use ZK_SECURE_CLIENT_PORT'],
    ['ssl.keyStore.location=/x.pem', 'use AGENT_TLS_DIR'],
    ['ssl.quorum.trustStore.password=changeit', 'use AGENT_TLS_DIR'],
    ['ssl.keyStore.type=JKS', 'use AGENT_TLS_DIR'],
    ['sslQuorum=false', 'use AGENT_TLS_DIR'],
    ['sslQuorumReloadCertFiles=false', 'use AGENT_TLS_DIR'],
    ['client.certReload=false', 'use AGENT_TLS_DIR'],
    ['authProvider.x509=com.example.Mine', 'use AGENT_TLS_DIR'],
    ['ssl.clientAuth=none', 'use AGENT_TLS_DIR'],
  ])('refuses %s, with or without TLS: the agent writes it from the mounted Secret', (item, fix) => {
    for (const env of [ENSEMBLE, TLS]) {
      const message = refusal(() => parseEnv(zkVariables, { ...env, ZK_CFG_EXTRA: item }));
      expect(message).toContain(`sets ${item.split('=')[0]}, which the agent writes itself: ${fix}`);
    }
  });

  it.each([
    ['serverCnxnFactory=org.apache.zookeeper.server.NIOServerCnxnFactory', 'needs the Netty factory'],
    ['client.portUnification=true', 'plaintext clients'],
    ['portUnification=true', 'plaintext peers'],
  ])('refuses %s with TLS, which it would undo, and keeps it without', (item, why) => {
    const message = refusal(() => config({ ...TLS, ZK_CFG_EXTRA: item }));
    expect(message).toContain(`ZK_CFG_EXTRA sets ${item.split('=')[0]}, which AGENT_TLS_DIR does not allow`);
    expect(message).toContain(why);
    expect(renderZooCfg(config({ ...ENSEMBLE, ZK_CFG_EXTRA: item }))).toContain(`\n${item}\n`);
  });

  it('keeps the TLS tuning the agent does not write (protocols, ciphers, hostname checks)', () => {
    const extra =
      'ssl.protocol=TLSv1.3 ssl.quorum.hostnameVerification=false ssl.ciphersuites=TLS_AES_128_GCM_SHA256';
    const cfg = zooCfg({ ...TLS, ZK_CFG_EXTRA: extra });
    expect(cfg.get('ssl.protocol')).toBe('TLSv1.3');
    expect(cfg.get('ssl.quorum.hostnameVerification')).toBe('false');
  });

  it("takes a key named like one of an object's own methods as the operator's key", () => {
    expect(zooCfg({ ...ENSEMBLE, ZK_CFG_EXTRA: 'constructor=1 toString=2' }).get('toString')).toBe('2');
  });
});
