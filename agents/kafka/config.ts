// From parsed settings, the broker properties of the environment and the pod's identity to the one
// object every kafka-agent renderer and check reads. Pure: the hostname, /etc/hosts and the Kafka version
// found in $KAFKA_HOME/libs are passed in by the command. Each step is its own module (config/): they
// run in this order, which is also the order their refusals are met in.
import { podIdentity, type PodIdentity } from '../core/identity.ts';
import type { PropertyEntry } from '../core/properties.ts';
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
import type { Endpoint, KafkaMode, ProcessRole, Voter } from './config/types.ts';
import { deriveVoters } from './config/voters.ts';
import { expandDraftHostnames } from './hostname-expansion.ts';
import type { KafkaSettings } from './settings.ts';

export type { Endpoint, KafkaMode, ProcessRole, Voter } from './config/types.ts';

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
  /** Where the agent's protocol checks connect. */
  readonly target: Endpoint;
  /** KRaft: the controller quorum (static voters). */
  readonly voters: readonly Voter[];
  /** ZooKeeper mode: the other brokers of the StatefulSet (AGENT_REPLICAS), asked before a restart. */
  readonly peers: readonly Endpoint[];
  /** Notes for the log: what the agent interpreted (the handbook's KAFKA_BROKER_ID, expanded $(hostname -f)). */
  readonly notes: readonly string[];
}

/** The parts of the config the verbs that talk to a running broker need (serve, ok, metrics, status). */
export type RuntimeConfig = Pick<
  KafkaConfig,
  'settings' | 'id' | 'mode' | 'roles' | 'target' | 'clusterId' | 'logDirs'
>;

export interface KafkaConfigInputs {
  readonly settings: KafkaSettings;
  readonly properties: BrokerProperties;
  readonly hostname: string;
  /** Reads /etc/hosts; called only when the pod's domain is needed and known no other way. */
  readonly readHosts: () => string;
  readonly confDirOverride?: string;
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
  const peers =
    mode === 'zookeeper'
      ? zookeeperPeers(draft, listeners.controllerNames, identity, settings.AGENT_REPLICAS, address.domain)
      : [];
  const target = agentTarget(settings, roles, listeners);
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
    confDir: inputs.confDirOverride ?? settings.AGENT_CONF_DIR,
    target,
    voters: Object.freeze(voters),
    peers: Object.freeze(peers),
    notes: Object.freeze(notes),
  });
}
