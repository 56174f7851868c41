// From parsed settings, the broker properties of the environment and the pod's identity to the one
// object every kafka-agent renderer and check reads. Pure: the hostname, /etc/hosts and the Kafka version
// found in $KAFKA_HOME/libs are passed in by the command. Each step is its own module (config/): they
// run in this order, which is also the order their refusals are met in.
import type { ConnectionOptions } from 'node:tls';
import { podIdentity, type PodIdentity } from '../core/identity.ts';
import type { PropertyEntry } from '../core/properties.ts';
import type { ServerTls } from '../core/tls/server-tls.ts';
import type { BrokerProperties } from './broker-properties.ts';
import { requireClusterId } from './cluster-id.ts';
import { valueOf, type Draft } from './config/draft.ts';
import { deriveId } from './config/id.ts';
import { deriveListeners } from './config/listeners.ts';
import { deriveLogDirs } from './config/log-dirs.ts';
import { modeAndRoles } from './config/mode.ts';
import { inWrittenOrder } from './config/order.ts';
import { zookeeperPeers } from './config/peers.ts';
import { podAddress } from './config/pod-address.ts';
import { assertDistinctPorts } from './config/ports.ts';
import { agentTarget } from './config/target.ts';
import { deriveTlsProperties, tlsListenerNames } from './config/tls.ts';
import type { AgentTarget, Endpoint, KafkaMode, ProcessRole, Voter } from './config/types.ts';
import { deriveVoters } from './config/voters.ts';
import { expandDraftHostnames } from './hostname-expansion.ts';
import type { KafkaSettings } from './settings.ts';

export type { AgentTarget, Endpoint, KafkaMode, ProcessRole, Voter } from './config/types.ts';

export interface KafkaConfig {
  readonly settings: KafkaSettings;
  readonly identity: PodIdentity;
  readonly mode: KafkaMode;
  /** KRaft's process.roles; ZooKeeper-mode brokers are ['broker']. */
  readonly roles: readonly ProcessRole[];
  /** broker.id (ZooKeeper mode) or node.id (KRaft). */
  readonly id: number;
  /** KRaft: CLUSTER_ID (required); ZooKeeper mode: CLUSTER_ID if set (checked against meta.properties only). */
  readonly clusterId: string | undefined;
  /** server.properties, in the order written: the keys the agent derives first, then the rest sorted. */
  readonly properties: readonly PropertyEntry[];
  /** Keys whose values came from a `_FILE` or a secret-looking variable: masked by `--dry-run`. */
  readonly secretKeys: ReadonlySet<string>;
  readonly logDirs: readonly string[];
  /** KRaft's metadata.log.dir when set apart from log.dirs. */
  readonly metadataLogDir: string | undefined;
  readonly confDir: string;
  /** Where the agent's protocol checks connect, and how. */
  readonly target: AgentTarget;
  /** AGENT_KAFKA_SASL_USERNAME and its password (read from its file at start), for a SASL target. */
  readonly sasl: AgentSasl | undefined;
  /** AGENT_TLS_DIR's files and the ones written from them; undefined without TLS. */
  readonly tls: ServerTls | undefined;
  /** node:tls options for the agent's connections, read from the mounted files at each call. */
  readonly clientTls: (() => ConnectionOptions) | undefined;
  /** The names the certificate must cover: the pod's FQDN and AGENT_TLS_NAMES (empty without TLS). */
  readonly tlsNames: readonly string[];
  /** The listeners whose keystore the agent manages (SSL and SASL_SSL ones, with TLS). */
  readonly tlsListeners: readonly string[];
  /** KRaft: the controller quorum (static voters). */
  readonly voters: readonly Voter[];
  /** ZooKeeper mode: the other brokers of the StatefulSet (AGENT_REPLICAS), asked before a restart. */
  readonly peers: readonly Endpoint[];
  /** Notes for the log: what the agent interpreted (the handbook's KAFKA_BROKER_ID, expanded $(hostname -f)). */
  readonly notes: readonly string[];
}

/** The agent's SCRAM-SHA-512 identity: the password is behind a function, so no dump of the config shows it. */
export interface AgentSasl {
  readonly username: string;
  readonly password: () => string;
}

/** The parts of the config the verbs that talk to a running broker need (serve, ok, metrics, status). */
export type RuntimeConfig = Pick<
  KafkaConfig,
  'settings' | 'id' | 'mode' | 'roles' | 'target' | 'sasl' | 'tls' | 'clientTls' | 'clusterId' | 'logDirs'
>;

export interface KafkaConfigInputs {
  readonly settings: KafkaSettings;
  readonly properties: BrokerProperties;
  readonly hostname: string;
  /** Reads /etc/hosts; called only when the pod's domain is needed and known no other way. */
  readonly readHosts: () => string;
  readonly confDirOverride?: string;
  /** AGENT_KAFKA_SASL_PASSWORD_FILE's content, read by the command (load.ts). */
  readonly saslPassword?: string;
  /** With AGENT_TLS_DIR: its files (core/tls/server-tls.ts, loaded by the command only then). */
  readonly tls?: { readonly files: ServerTls; readonly clientOptions: () => ConnectionOptions };
}

export function buildKafkaConfig(inputs: KafkaConfigInputs): KafkaConfig {
  const { settings } = inputs;
  const identity = podIdentity(inputs.hostname, settings.POD_INDEX);
  const address = podAddress(settings.AGENT_DOMAIN, identity, inputs.readHosts);
  const draft: Draft = new Map(inputs.properties);

  // The handbook's `PLAINTEXT://$(hostname -f):9092` reaches the container literally (kubernetes #57726).
  const notes = expandDraftHostnames(draft, { podName: identity.podName, fqdn: address.fqdn });
  const { mode, roles } = modeAndRoles(draft);
  const { id, notes: idNotes } = deriveId(draft, mode, identity, settings);
  notes.push(...idNotes);
  requireClusterId(mode, settings.CLUSTER_ID);

  const listeners = deriveListeners(draft, mode, roles, address.fqdn);
  const confDir = inputs.confDirOverride ?? settings.AGENT_CONF_DIR;
  const tls = inputs.tls?.files;
  if (tls) notes.push(...deriveTlsProperties(draft, mode, listeners, tls));
  const logDirs = deriveLogDirs(draft);
  const voters =
    mode === 'kraft'
      ? deriveVoters(draft, {
          id,
          roles,
          identity,
          settings,
          domain: address.domain,
          controllerPort: listeners.controller?.port,
        })
      : [];
  const target = agentTarget(settings, roles, listeners);
  const peers =
    mode === 'zookeeper'
      ? zookeeperPeers(draft, {
          controllerNames: listeners.controllerNames,
          listener: target.listener,
          identity,
          replicas: settings.AGENT_REPLICAS,
          domain: address.domain,
        })
      : [];
  assertDistinctPorts(settings, listeners.all);

  const ordered = inWrittenOrder(draft);
  return Object.freeze({
    settings,
    identity,
    mode,
    roles,
    id,
    clusterId: settings.CLUSTER_ID,
    properties: Object.freeze(ordered.map(([key, property]) => [key, property.value] as const)),
    secretKeys: new Set(ordered.filter(([, property]) => property.secret).map(([key]) => key)),
    logDirs: Object.freeze(logDirs),
    metadataLogDir: valueOf(draft, 'metadata.log.dir'),
    confDir,
    target,
    sasl: agentSasl(settings.AGENT_KAFKA_SASL_USERNAME, inputs.saslPassword),
    tls,
    clientTls: inputs.tls?.clientOptions,
    tlsNames: tls ? Object.freeze([address.fqdn(), ...settings.AGENT_TLS_NAMES]) : [],
    tlsListeners: tls ? Object.freeze(tlsListenerNames(listeners)) : [],
    voters: Object.freeze(voters),
    peers: Object.freeze(peers),
    notes: Object.freeze(notes),
  });
}

function agentSasl(username: string | undefined, password: string | undefined): AgentSasl | undefined {
  if (username === undefined || password === undefined) return undefined;
  return Object.freeze({ username, password: () => password });
}
