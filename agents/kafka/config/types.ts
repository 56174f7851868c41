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
