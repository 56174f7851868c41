// Which listeners the node has: the operator's (KAFKA_LISTENERS), or Kafka's usual ones for its roles,
// split into the controller's (controller.listener.names) and the brokers'. A broker advertises its
// listeners under the pod's stable DNS name unless the operator says otherwise. The list syntax is
// ../listeners.ts's.
import type { BrokerProperty } from '../broker-properties.ts';
import { formatListeners, parseListeners, type Listener } from '../listeners.ts';
import { derive, valueOf, type Draft } from './draft.ts';
import { invalid, shown } from './invalid.ts';
import type { KafkaMode, ProcessRole } from './types.ts';

const CONTROLLER = 'CONTROLLER';
/** Kafka's default map plus the CONTROLLER name the agent's default listeners use. */
const DEFAULT_PROTOCOL_MAP =
  'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL';

export interface NodeListeners {
  /** Every listener of `listeners`. */
  readonly all: readonly Listener[];
  /** controller.listener.names, upper-case: a controller listens on the first. */
  readonly controllerNames: readonly string[];
  /** The listeners that are not a controller's. */
  readonly broker: readonly Listener[];
  readonly controller: Listener | undefined;
  readonly protocolMap: string | undefined;
}

/** Sets the listener properties a node of these roles needs and returns its listeners. */
export function deriveListeners(
  draft: Draft,
  mode: KafkaMode,
  roles: readonly ProcessRole[],
  fqdn: () => string,
): NodeListeners {
  if (mode === 'kraft' && !draft.has('controller.listener.names'))
    derive(draft, 'controller.listener.names', CONTROLLER);
  const controllerNames = (valueOf(draft, 'controller.listener.names') ?? '')
    .split(',')
    .map((name) => name.trim().toUpperCase())
    .filter((name) => name !== '');
  if (!draft.has('listeners')) {
    const defaults: string[] = [];
    if (roles.includes('broker')) defaults.push('PLAINTEXT://:9092');
    if (roles.includes('controller')) defaults.push(`${controllerNames[0]}://:9093`);
    derive(draft, 'listeners', defaults.join(','));
  }
  const all = listenersOf(draft.get('listeners')!);
  if (mode === 'kraft' && !draft.has('listener.security.protocol.map')) {
    derive(draft, 'listener.security.protocol.map', DEFAULT_PROTOCOL_MAP);
  }
  const broker = all.filter((l) => !controllerNames.includes(l.name));
  const controller = all.find((l) => l.name === controllerNames[0]);
  if (roles.includes('controller') && !controller) {
    invalid(
      `KAFKA_LISTENERS=${shown(draft.get('listeners'))} has no ${controllerNames[0]} listener, which a controller needs ` +
        `(KAFKA_CONTROLLER_LISTENER_NAMES): e.g. KAFKA_LISTENERS=PLAINTEXT://:9092,${controllerNames[0]}://:9093`,
    );
  }
  if (roles.includes('broker') && broker.length === 0) {
    invalid(
      `KAFKA_LISTENERS=${shown(draft.get('listeners'))} has no broker listener besides the controller's: e.g. KAFKA_LISTENERS=PLAINTEXT://:9092,CONTROLLER://:9093`,
    );
  }
  if (roles.includes('broker') && !draft.has('advertised.listeners')) {
    // Clients and the other brokers reach this broker by its stable DNS name, not its pod IP.
    derive(draft, 'advertised.listeners', formatListeners(broker.map((l) => ({ ...l, host: fqdn() }))));
  }
  if (draft.has('advertised.listeners')) listenersOf(draft.get('advertised.listeners')!);
  const protocolMap = valueOf(draft, 'listener.security.protocol.map');
  return { all, controllerNames, broker, controller, protocolMap };
}

/** A listener list, or the refusal that names its variable and the item at fault. */
export function listenersOf(property: BrokerProperty): Listener[] {
  const parsed = parseListeners(property.value);
  if (parsed.ok) return parsed.listeners;
  return invalid(
    `${property.variable}=${shown(property)} has an item that is not NAME://host:port${property.secret ? '' : `: ${JSON.stringify(parsed.bad)}`} ` +
      `(e.g. ${property.variable}=PLAINTEXT://:9092)`,
  );
}
