// The words of a Kafka config, shared by the steps that derive it (this folder) and by everything that
// reads it. Apart from config.ts so that a step never imports the module that calls it.
export type KafkaMode = 'zookeeper' | 'kraft';
export type ProcessRole = 'broker' | 'controller';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export interface Voter extends Endpoint {
  readonly id: number;
}

/** What listener.security.protocol.map gives a listener (Kafka's four). */
export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';

/** Where the agent's own checks connect, and the listener's protocol there. */
export interface AgentTarget extends Endpoint {
  /** The listener's name; undefined for an AGENT_KAFKA_PORT that names no listener of this node. */
  readonly listener: string | undefined;
  readonly protocol: SecurityProtocol;
}
