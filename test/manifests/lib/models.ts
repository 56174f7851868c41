// Validation against the Kubernetes API's own OpenAPI schemas, through kubernetes-models (generated from
// the API's swagger) and @kubernetes-models/prometheus-operator (from the operator's CRDs): every class
// the packages export, keyed by apiVersion/kind, so an object of a kind they do not know fails too.
import * as kubernetes from 'kubernetes-models';
import * as prometheusOperator from '@kubernetes-models/prometheus-operator';
import type { K8sObject } from '../../../tools/manifests.ts';

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: unknown): { validate(): void };
}

function isModelClass(value: unknown): value is ModelClass {
  return (
    typeof value === 'function' &&
    typeof (value as { apiVersion?: unknown }).apiVersion === 'string' &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof (value as { prototype?: { validate?: unknown } }).prototype?.validate === 'function'
  );
}

function collect(namespace: unknown, into: Map<string, ModelClass>): void {
  for (const value of Object.values(namespace as Record<string, unknown>)) {
    if (isModelClass(value)) into.set(`${value.apiVersion}/${value.kind}`, value);
    else if (value !== null && typeof value === 'object') collect(value, into);
  }
}

const MODELS = new Map<string, ModelClass>();
collect(kubernetes, MODELS);
collect(prometheusOperator, MODELS);

/** The schema errors of `object` (empty: valid); an unknown apiVersion/kind is an error itself. */
export function schemaErrors(object: K8sObject): string[] {
  const model = MODELS.get(`${object.apiVersion}/${object.kind}`);
  if (!model) return [`${object.apiVersion} ${object.kind} is not a kind the API schemas know`];
  try {
    new model(object).validate();
    return [];
  } catch (error) {
    return [String((error as Error).message)];
  }
}
