import { join } from 'node:path';
import { renderProperties } from '../../core/properties.ts';
import type { ServerTls } from '../../core/tls/server-tls.ts';
import type { ZkConfig } from '../config.ts';

export function clientTlsPath(config: ZkConfig): string {
  return join(config.confDir, 'client-tls.properties');
}

/**
 * With TLS there is no plaintext port left for zkCli.sh: this file gives ZooKeeper's Java client
 * (ZKClientConfig, `zkCli.sh -client-configuration <file>`) TLS with the pod's own certificate, from the
 * keystore the agent keeps current. The client checks the server's name, so it must dial a name the
 * certificate has: the pod's FQDN, as the comment shows, or one of AGENT_TLS_NAMES.
 */
export function renderClientTls(config: ZkConfig, tls: ServerTls): string {
  const server = `${config.tlsNames[0]}:${config.settings.ZK_SECURE_CLIENT_PORT}`;
  return renderProperties(
    [
      ['zookeeper.client.secure', 'true'],
      ['zookeeper.clientCnxnSocket', 'org.apache.zookeeper.ClientCnxnSocketNetty'],
      ['zookeeper.ssl.keyStore.location', tls.keystore],
      ['zookeeper.ssl.keyStore.type', 'PEM'],
      ['zookeeper.ssl.trustStore.location', tls.truststore],
      ['zookeeper.ssl.trustStore.type', 'PEM'],
    ],
    [
      `Written by zk-agent: ZooKeeper's client over TLS as ${config.identity.hostname}, e.g.`,
      `  zkCli.sh -client-configuration ${clientTlsPath(config)} -server ${server}`,
    ],
  );
}
