import type { PropertyEntry } from '../../core/properties.ts';
import type { ServerTls } from '../../core/tls/server-tls.ts';
import type { ZkConfig } from '../config.ts';

const NETTY = 'org.apache.zookeeper.server.NettyServerCnxnFactory';
const X509_PROVIDER = 'org.apache.zookeeper.server.auth.X509AuthenticationProvider';

/**
 * zoo.cfg's TLS keys for a server whose every port is TLS (ZooKeeper 3.9's names,
 * zookeeperAdmin.html "Encryption, Authentication, Authorization Options"):
 * - secureClientPort on the Netty factory (NIO has no TLS), and no clientPort: nothing answers plaintext.
 * - ssl.* for the client port and ssl.quorum.* for the peers: the same keystore and truststore, PEM, as
 *   the agent writes them from the mounted Secret. Peers check each other's certificate against the CA
 *   and the name they dialled (<pod>.<domain>), and the caller's address against the caller's SANs (or
 *   its reverse DNS name).
 * - ssl.clientAuth=need with the x509 provider: a client without a certificate of this CA is refused at
 *   the handshake, and the one with a certificate is authenticated as its subject (x509 ACLs). Without
 *   authProvider.x509 ZooKeeper closes every client it has just verified ("X509 Auth provider not found").
 * - Reload on: ZooKeeper watches the stores' directory and takes a file renamed into place (the agent's
 *   atomic rewrite after a rotation) for new connections, peers' included. client.certReload also renews
 *   the x509 provider's trust, which would otherwise keep the CA it started with.
 */
export function tlsEntries(config: ZkConfig, tls: ServerTls): PropertyEntry[] {
  const stores = (prefix: string): PropertyEntry[] => [
    [`${prefix}keyStore.location`, tls.keystore],
    [`${prefix}keyStore.type`, 'PEM'],
    [`${prefix}trustStore.location`, tls.truststore],
    [`${prefix}trustStore.type`, 'PEM'],
  ];
  return [
    ['secureClientPort', String(config.settings.ZK_SECURE_CLIENT_PORT)],
    ['serverCnxnFactory', NETTY],
    ...stores('ssl.'),
    ['ssl.clientAuth', 'need'],
    ['authProvider.x509', X509_PROVIDER],
    ['client.certReload', 'true'],
    ['sslQuorum', 'true'],
    ...stores('ssl.quorum.'),
    ['sslQuorumReloadCertFiles', 'true'],
  ];
}
