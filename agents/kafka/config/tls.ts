// With AGENT_TLS_DIR, every TLS listener (SSL or SASL_SSL in listener.security.protocol.map) gets the
// keystore and truststore the agent writes from the mounted Secret, as PEM files (KIP-651: the broker
// reads them itself; no keytool, no JKS, no store password). The keystore holds the key as unencrypted
// PKCS#8, which Kafka 3.9 and 4.x take with no ssl.key.password. A key the operator set is kept.
// ZooKeeper mode: with KAFKA_ZOOKEEPER_SSL_CLIENT_ENABLE=true the broker's ZooKeeper client presents the
// same certificate (mTLS) over Netty, which ZooKeeper's TLS needs, and offers the TLS versions it takes.
import type { ServerTls } from '../../core/tls/server-tls.ts';
import { securityProtocolOf } from '../listeners.ts';
import { derive, valueOf, type Draft } from './draft.ts';
import type { NodeListeners } from './listeners.ts';
import type { KafkaMode } from './types.ts';

const TLS_PROTOCOLS = new Set(['SSL', 'SASL_SSL']);

/** The store keys of one listener: `listener.name.<name>.ssl.…`. */
export function listenerStoreKeys(listener: string, tls: ServerTls): [string, string][] {
  const prefix = `listener.name.${listener.toLowerCase()}.ssl`;
  return [
    [`${prefix}.keystore.type`, 'PEM'],
    [`${prefix}.keystore.location`, tls.keystore],
    [`${prefix}.truststore.type`, 'PEM'],
    [`${prefix}.truststore.location`, tls.truststore],
  ];
}

/** The names of the node's TLS listeners, in the order of `listeners`. */
export function tlsListenerNames(listeners: NodeListeners): string[] {
  return listeners.all
    .filter((l) => TLS_PROTOCOLS.has(securityProtocolOf(l.name, listeners.protocolMap)))
    .map((l) => l.name);
}

/**
 * Sets each TLS listener's stores and, in ZooKeeper mode with the client's TLS enabled, the ZooKeeper
 * client's. Returns notes for the log: listeners left plain although the pod has a certificate.
 */
export function deriveTlsProperties(
  draft: Draft,
  mode: KafkaMode,
  listeners: NodeListeners,
  tls: ServerTls,
): string[] {
  for (const name of tlsListenerNames(listeners)) {
    for (const [key, value] of listenerStoreKeys(name, tls)) if (!draft.has(key)) derive(draft, key, value);
  }
  if (mode === 'zookeeper' && valueOf(draft, 'zookeeper.ssl.client.enable')?.toLowerCase() === 'true') {
    const zookeeperClient: [string, string][] = [
      // ZooKeeper's TLS is served by Netty only; the NIO client socket cannot speak it.
      ['zookeeper.clientCnxnSocket', 'org.apache.zookeeper.ClientCnxnSocketNetty'],
      ['zookeeper.ssl.keystore.type', 'PEM'],
      ['zookeeper.ssl.keystore.location', tls.keystore],
      ['zookeeper.ssl.truststore.type', 'PEM'],
      ['zookeeper.ssl.truststore.location', tls.truststore],
      // Kafka's ZooKeeper client offers TLSv1.2 alone by default, and a ZooKeeper 3.9 server accepts
      // TLSv1.3 alone by default (its ssl.protocol where the JVM has 1.3): the handshake ends in
      // protocol_version. Offer both, 1.3 first.
      ['zookeeper.ssl.protocol', 'TLSv1.3'],
      ['zookeeper.ssl.enabled.protocols', 'TLSv1.3,TLSv1.2'],
    ];
    for (const [key, value] of zookeeperClient) if (!draft.has(key)) derive(draft, key, value);
  }
  return listeners.all
    .filter((l) => !TLS_PROTOCOLS.has(securityProtocolOf(l.name, listeners.protocolMap)))
    .map(
      (l) =>
        `listener ${l.name} is ${securityProtocolOf(l.name, listeners.protocolMap)}: its port is not encrypted although AGENT_TLS_DIR is set`,
    );
}
