// From parsed settings, the broker properties of the environment and the pod's identity to the one
// object every kafka-agent renderer and check reads. Pure: the hostname, /etc/hosts and the Kafka version
// found in $KAFKA_HOME/libs are passed in by the command.
import { AgentError } from '../core/errors.ts';
import {
  domainFromHostsFile,
  peerHostname,
  podIdentity,
  requireDomain,
  requireStatefulSet,
  serverId,
  type PodIdentity,
} from '../core/identity.ts';
import type { PropertyEntry } from '../core/properties.ts';
import type { BrokerProperties, BrokerProperty } from './broker-properties.ts';
import { expandHostnames } from './hostname-expansion.ts';
import {
  formatListeners,
  localAddress,
  parseListeners,
  securityProtocolOf,
  type Listener,
} from './listeners.ts';
import type { KafkaSettings } from './settings.ts';

export type KafkaMode = 'zookeeper' | 'kraft';
export type ProcessRole = 'broker' | 'controller';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export interface Voter extends Endpoint {
  readonly id: number;
}

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
  /** Notes for the log: what the agent interpreted (the seed's KAFKA_BROKER_ID, expanded $(hostname -f)). */
  readonly notes: readonly string[];
}

export interface KafkaConfigInputs {
  readonly settings: KafkaSettings;
  readonly properties: BrokerProperties;
  readonly hostname: string;
  /** Reads /etc/hosts; called only when the pod's domain is needed and known no other way. */
  readonly readHosts: () => string;
  readonly confDirOverride?: string;
}

const DEFAULT_LOG_DIRS = '/var/lib/kafka/data';
const CONTROLLER = 'CONTROLLER';
/** Kafka's default map plus the CONTROLLER name the agent's default listeners use. */
const DEFAULT_PROTOCOL_MAP =
  'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL';
/** Written first, in this order: what a reader of server.properties looks for. */
const DERIVED_ORDER = [
  'broker.id',
  'node.id',
  'process.roles',
  'controller.quorum.voters',
  'controller.listener.names',
  'listeners',
  'advertised.listeners',
  'listener.security.protocol.map',
  'zookeeper.connect',
  'log.dirs',
];

function invalid(message: string): never {
  throw new AgentError('AGENT_ERR_ENV_INVALID', message);
}

export function buildKafkaConfig(inputs: KafkaConfigInputs): KafkaConfig {
  const { settings, hostname, readHosts } = inputs;
  const identity = podIdentity(hostname, settings.POD_INDEX);
  const props = new Map<string, BrokerProperty>(inputs.properties);
  const notes: string[] = [];
  const get = (key: string) => props.get(key)?.value;
  const set = (key: string, value: string, variable = '(kafka-agent)') =>
    props.set(key, { value, variable, secret: false });

  let domain: string | undefined;
  const fqdn = () => {
    domain ??= requireDomain(
      settings.AGENT_DOMAIN ?? identity.domain ?? domainFromHostsFile(readHosts(), identity.podName),
      identity.hostname,
    );
    return `${identity.podName}.${domain}`;
  };
  const domainOf = () => (fqdn(), domain!);

  // The seed's `PLAINTEXT://$(hostname -f):9092` reaches the container literally (kubernetes #57726).
  for (const [key, property] of props) {
    const expanded = expandHostnames(property, { podName: identity.podName, fqdn }, key);
    if (expanded !== property.value) {
      props.set(key, { ...property, value: expanded });
      notes.push(`${property.variable}: expanded $(hostname …) to ${expanded}`);
    }
  }

  const mode = modeOf(get('process.roles'), get('zookeeper.connect'));
  const roles: readonly ProcessRole[] =
    mode === 'kraft' ? parseRoles(props.get('process.roles')!) : ['broker'];
  const replicas = settings.AGENT_REPLICAS;
  if (replicas !== undefined && identity.ordinal >= replicas) {
    throw new AgentError(
      'AGENT_ERR_IDENTITY_RANGE',
      `pod ordinal ${identity.ordinal} (${hostname}) is outside the StatefulSet of AGENT_REPLICAS=${replicas} (ordinals 0..${replicas - 1}). ` +
        "Set AGENT_REPLICAS to the StatefulSet's replicas, e.g. AGENT_REPLICAS=3.",
    );
  }

  const id = serverId(identity.ordinal, settings.AGENT_ID_OFFSET);
  for (const key of ['broker.id', 'node.id']) {
    const given = props.get(key);
    if (given) notes.push(...checkGivenId(given, id, identity, settings.AGENT_ID_OFFSET));
    props.delete(key);
  }
  set(mode === 'kraft' ? 'node.id' : 'broker.id', String(id));

  if (mode === 'kraft' && settings.CLUSTER_ID === undefined) {
    invalid(
      'CLUSTER_ID is required in KRaft mode (KAFKA_PROCESS_ROLES is set): every node of the cluster is formatted with it. ' +
        'Generate one once (kafka-storage.sh random-uuid), keep it in a Secret or ConfigMap and give it to every pod (e.g. CLUSTER_ID=MkU3OEVBNTcwNTJENDM2Qk)',
    );
  }

  // Listeners: the operator's, or Kafka's usual ones for the roles.
  if (mode === 'kraft' && !props.has('controller.listener.names'))
    set('controller.listener.names', CONTROLLER);
  const controllerNames = (get('controller.listener.names') ?? '')
    .split(',')
    .map((name) => name.trim().toUpperCase())
    .filter((name) => name !== '');
  if (!props.has('listeners')) {
    const defaults: string[] = [];
    if (roles.includes('broker')) defaults.push('PLAINTEXT://:9092');
    if (roles.includes('controller')) defaults.push(`${controllerNames[0]}://:9093`);
    set('listeners', defaults.join(','));
  }
  const listeners = listenersOf(props.get('listeners')!);
  if (mode === 'kraft' && !props.has('listener.security.protocol.map')) {
    set('listener.security.protocol.map', DEFAULT_PROTOCOL_MAP);
  }
  const protocolMap = get('listener.security.protocol.map');
  const brokerListeners = listeners.filter((l) => !controllerNames.includes(l.name));
  const controllerListener = listeners.find((l) => l.name === controllerNames[0]);
  if (roles.includes('controller') && !controllerListener) {
    invalid(
      `KAFKA_LISTENERS=${shown(props.get('listeners'))} has no ${controllerNames[0]} listener, which a controller needs ` +
        `(KAFKA_CONTROLLER_LISTENER_NAMES): e.g. KAFKA_LISTENERS=PLAINTEXT://:9092,${controllerNames[0]}://:9093`,
    );
  }
  if (roles.includes('broker') && brokerListeners.length === 0) {
    invalid(
      `KAFKA_LISTENERS=${shown(props.get('listeners'))} has no broker listener besides the controller's: e.g. KAFKA_LISTENERS=PLAINTEXT://:9092,CONTROLLER://:9093`,
    );
  }
  if (roles.includes('broker') && !props.has('advertised.listeners')) {
    // Clients and the other brokers reach this broker by its stable DNS name, not its pod IP.
    const advertised = brokerListeners.map((l) => ({ ...l, host: fqdn() }));
    set('advertised.listeners', formatListeners(advertised));
  }
  if (props.has('advertised.listeners')) listenersOf(props.get('advertised.listeners')!);

  const logDirsGiven = props.get('log.dirs');
  const logDirsText = logDirsGiven?.value ?? DEFAULT_LOG_DIRS;
  set('log.dirs', logDirsText, logDirsGiven?.variable);
  const logDirs = logDirsText
    .split(',')
    .map((dir) => dir.trim())
    .filter((dir) => dir !== '');
  const badDir = logDirs.find((dir) => !/^\/[^\s]*$/.test(dir));
  if (badDir !== undefined || logDirs.length === 0) {
    invalid(
      `KAFKA_LOG_DIRS=${shown(logDirsGiven, logDirsText)} must be absolute paths, comma-separated (e.g. KAFKA_LOG_DIRS=/var/lib/kafka/data)`,
    );
  }

  const voters = mode === 'kraft' ? quorumVoters() : [];
  function quorumVoters(): Voter[] {
    if (props.has('controller.quorum.bootstrap.servers')) {
      invalid(
        'KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS (a KIP-853 dynamic quorum) is not supported: kafka-agent formats every node ' +
          'against static voters, which each pod derives alike. Remove it and set AGENT_REPLICAS (controllers of this StatefulSet) ' +
          'or KAFKA_CONTROLLER_QUORUM_VOTERS (e.g. KAFKA_CONTROLLER_QUORUM_VOTERS=1@kafka-0.kafka-hs.default.svc.cluster.local:9093)',
      );
    }
    const given = props.get('controller.quorum.voters');
    const list = given ? parseVoters(given) : derivedVoters();
    const isVoter = list.some((voter) => voter.id === id);
    if (roles.includes('controller') && !isVoter) {
      invalid(
        `${given?.variable ?? 'the derived voters'} ${shown(given, formatVoters(list))} do not include this controller's node.id ${id}: ` +
          'it would be formatted as an observer and never vote. List every controller, this one included (AGENT_ID_OFFSET gives the ids).',
      );
    }
    if (!roles.includes('controller') && isVoter) {
      invalid(
        `node.id ${id} of this broker-only node is also a voter in ${given?.variable ?? 'the voters'} ${shown(given, formatVoters(list))}: ` +
          'two nodes would share an id. Give the broker StatefulSet another AGENT_ID_OFFSET (e.g. AGENT_ID_OFFSET=100).',
      );
    }
    if (!given) set('controller.quorum.voters', formatVoters(list));
    return list;
  }
  function derivedVoters(): Voter[] {
    if (!roles.includes('controller')) {
      invalid(
        'KAFKA_CONTROLLER_QUORUM_VOTERS is required on broker-only nodes (KAFKA_PROCESS_ROLES=broker): list the controllers, ' +
          'e.g. KAFKA_CONTROLLER_QUORUM_VOTERS=100@kafka-controller-0.kafka-controller-hs.default.svc.cluster.local:9093,…',
      );
    }
    if (replicas === undefined) {
      invalid(
        'AGENT_REPLICAS is required to derive the controller quorum (KAFKA_PROCESS_ROLES includes controller and ' +
          "KAFKA_CONTROLLER_QUORUM_VOTERS is not set): set it to the StatefulSet's replicas (e.g. AGENT_REPLICAS=3)",
      );
    }
    const statefulSet = requireStatefulSet(identity, `AGENT_REPLICAS=${replicas}`, 'AGENT_REPLICAS=1');
    return Array.from({ length: replicas }, (_, ordinal) => ({
      id: serverId(ordinal, settings.AGENT_ID_OFFSET),
      host: `${peerHostname(statefulSet, ordinal)}.${domainOf()}`,
      port: controllerListener!.port,
    }));
  }

  // ZooKeeper mode: the other brokers, asked whether this broker's old registration is still there.
  const advertisedBroker = listenersOf(props.get('advertised.listeners') ?? props.get('listeners')!).find(
    (l) => !controllerNames.includes(l.name),
  );
  const peers: Endpoint[] =
    mode === 'zookeeper' && replicas !== undefined && replicas > 1 && identity.statefulSet && advertisedBroker
      ? Array.from({ length: replicas }, (_, ordinal) => ordinal)
          .filter((ordinal) => ordinal !== identity.ordinal)
          .map((ordinal) => ({
            host: `${peerHostname(identity.statefulSet!, ordinal)}.${domainOf()}`,
            port: advertisedBroker.port,
          }))
      : [];

  const target = agentTarget(settings, roles, brokerListeners, controllerListener, protocolMap);
  assertDistinctPorts(settings, listeners);

  const ordered = [...props.entries()].sort(
    ([a], [b]) => orderOf(a) - orderOf(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
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
    metadataLogDir: get('metadata.log.dir'),
    confDir: inputs.confDirOverride ?? settings.AGENT_CONF_DIR,
    target,
    voters: Object.freeze(voters),
    peers: Object.freeze(peers),
    notes: Object.freeze(notes),
  });
}

/**
 * A property's value for an error message, or `<secret>` when it came from a `_FILE` or a secret-looking
 * name: secrets never reach logs (DESIGN.md), not even a mistyped one. `fallback`: what to show when no
 * variable gave it (a default or a derived value).
 */
function shown(property: BrokerProperty | undefined, fallback?: string): string {
  if (property?.secret) return '<secret>';
  return JSON.stringify(property?.value ?? fallback);
}

function orderOf(key: string): number {
  const index = DERIVED_ORDER.indexOf(key);
  return index < 0 ? DERIVED_ORDER.length : index;
}

function modeOf(roles: string | undefined, zookeeperConnect: string | undefined): KafkaMode {
  if (roles !== undefined && zookeeperConnect !== undefined) {
    invalid(
      'KAFKA_PROCESS_ROLES (KRaft) and KAFKA_ZOOKEEPER_CONNECT (ZooKeeper mode) are both set: choose one mode ' +
        '(e.g. KAFKA_ZOOKEEPER_CONNECT=zk-0.zk-hs.default.svc.cluster.local:2181 for Kafka 3.9, or KAFKA_PROCESS_ROLES=broker,controller for KRaft)',
    );
  }
  if (roles !== undefined) return 'kraft';
  if (zookeeperConnect !== undefined) return 'zookeeper';
  return invalid(
    'neither KAFKA_ZOOKEEPER_CONNECT nor KAFKA_PROCESS_ROLES is set: set KAFKA_ZOOKEEPER_CONNECT for ZooKeeper mode ' +
      '(Kafka 3.9, e.g. KAFKA_ZOOKEEPER_CONNECT=zk-0.zk-hs.default.svc.cluster.local:2181) or KAFKA_PROCESS_ROLES for KRaft ' +
      '(e.g. KAFKA_PROCESS_ROLES=broker,controller)',
  );
}

function parseRoles(property: BrokerProperty): ProcessRole[] {
  const roles = property.value.split(',').map((role) => role.trim().toLowerCase());
  const valid = roles.every((role) => role === 'broker' || role === 'controller');
  if (!valid || roles.length === 0 || new Set(roles).size !== roles.length) {
    invalid(
      `KAFKA_PROCESS_ROLES=${shown(property)} must be broker, controller or broker,controller (e.g. KAFKA_PROCESS_ROLES=broker,controller)`,
    );
  }
  return (['broker', 'controller'] as const).filter((role) => roles.includes(role));
}

/**
 * KAFKA_BROKER_ID / KAFKA_NODE_ID, when the operator sets one, must say the id the ordinal gives. The
 * seed sets KAFKA_BROKER_ID from metadata.name (`kafka-2`, not a number: helm/charts #9951): the pod's own
 * name is read as its ordinal. A fixed number in a template would give every pod the same id: refused.
 */
function checkGivenId(given: BrokerProperty, id: number, identity: PodIdentity, offset: number): string[] {
  const value = given.value;
  if (/^\d+$/.test(value) && Number(value) === id) return [];
  const howDerived = `ordinal ${identity.ordinal} of ${identity.hostname} + AGENT_ID_OFFSET ${offset}`;
  if (value === identity.podName) {
    return [
      `${given.variable}=${value} is the pod name (metadata.name): id ${id} from its ordinal (${howDerived})`,
    ];
  }
  throw new AgentError(
    'AGENT_ERR_IDENTITY_MISMATCH',
    `${given.variable}=${shown(given)} disagrees with the id this pod derives, ${id} (${howDerived}). Nothing was written. ` +
      `Remove ${given.variable}: kafka-agent derives the id from the pod ordinal (a fixed value in a StatefulSet template gives every pod the same id).`,
  );
}

function listenersOf(property: BrokerProperty): Listener[] {
  const parsed = parseListeners(property.value);
  if (parsed.ok) return parsed.listeners;
  return invalid(
    `${property.variable}=${shown(property)} has an item that is not NAME://host:port${property.secret ? '' : `: ${JSON.stringify(parsed.bad)}`} ` +
      `(e.g. ${property.variable}=PLAINTEXT://:9092)`,
  );
}

function parseVoters(property: BrokerProperty): Voter[] {
  const voters: Voter[] = [];
  for (const item of property.value.split(',').map((part) => part.trim())) {
    const match = /^(\d+)@([A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/.exec(item);
    if (!match) {
      invalid(
        `${property.variable}=${shown(property)} has an item that is not id@host:port${property.secret ? '' : `: ${JSON.stringify(item)}`} ` +
          '(e.g. KAFKA_CONTROLLER_QUORUM_VOTERS=1@kafka-0.kafka-hs.default.svc.cluster.local:9093)',
      );
    }
    voters.push({ id: Number(match[1]), host: match[2]!, port: Number(match[3]) });
  }
  return voters;
}

export function formatVoters(voters: readonly Voter[]): string {
  return voters.map((v) => `${v.id}@${v.host}:${v.port}`).join(',');
}

/** The port of the first PLAINTEXT broker listener (controller-only nodes: the controller listener). */
function agentTarget(
  settings: KafkaSettings,
  roles: readonly ProcessRole[],
  brokerListeners: readonly Listener[],
  controllerListener: Listener | undefined,
  protocolMap: string | undefined,
): Endpoint {
  const candidates = roles.includes('broker')
    ? brokerListeners
    : controllerListener
      ? [controllerListener]
      : [];
  const plaintext = candidates.find((l) => securityProtocolOf(l.name, protocolMap) === 'PLAINTEXT');
  if (settings.AGENT_KAFKA_PORT !== undefined) {
    const chosen = [...brokerListeners, ...(controllerListener ? [controllerListener] : [])].find(
      (l) => l.port === settings.AGENT_KAFKA_PORT,
    );
    return { host: chosen ? localAddress(chosen) : '127.0.0.1', port: settings.AGENT_KAFKA_PORT };
  }
  if (!plaintext) {
    invalid(
      "no PLAINTEXT listener for the agent's checks: the agent speaks plain Kafka protocol on 127.0.0.1. Add one that only the pod uses " +
        '(e.g. KAFKA_LISTENERS=SSL://:9093,LOCAL://127.0.0.1:9094 with LOCAL:PLAINTEXT in KAFKA_LISTENER_SECURITY_PROTOCOL_MAP) or set AGENT_KAFKA_PORT (e.g. AGENT_KAFKA_PORT=9094)',
    );
  }
  return { host: localAddress(plaintext), port: plaintext.port };
}

/** The listeners, the agent and the JMX exporter share the pod's network namespace: one port each. */
function assertDistinctPorts(settings: KafkaSettings, listeners: readonly Listener[]): void {
  const owners = new Map<number, string>();
  const claim = (port: number, owner: string) => {
    const other = owners.get(port);
    if (other !== undefined) {
      invalid(
        `${other} and ${owner} are the same port ${port}: each needs its own ` +
          '(e.g. KAFKA_LISTENERS=PLAINTEXT://:9092,CONTROLLER://:9093 AGENT_PORT=9308 AGENT_JMX_EXPORTER_PORT=9404)',
      );
    }
    owners.set(port, owner);
  };
  claim(settings.AGENT_PORT, `AGENT_PORT=${settings.AGENT_PORT}`);
  claim(settings.AGENT_JMX_EXPORTER_PORT, `AGENT_JMX_EXPORTER_PORT=${settings.AGENT_JMX_EXPORTER_PORT}`);
  for (const listener of listeners) claim(listener.port, `listener ${listener.name}`);
}
