// server.properties while the steps derive it: the operator's properties, to which the agent adds (or in
// which it replaces) what it derives. A derived property names `(kafka-agent)` as its variable.
import type { BrokerProperty } from '../broker-properties.ts';

export type Draft = Map<string, BrokerProperty>;

export function valueOf(draft: Draft, key: string): string | undefined {
  return draft.get(key)?.value;
}

export function derive(draft: Draft, key: string, value: string, variable = '(kafka-agent)'): void {
  draft.set(key, { value, variable, secret: false });
}
