// The objects of a built kustomize base as the runner reads them: parsed from the YAML text
// `kubectl kustomize` prints, each with its namespace settled (an object without one goes to the
// namespace it is applied in, as `kubectl apply -n` would put it).
import { parseAllDocuments } from 'yaml';

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

export function parseObjects(yamlText: string, namespace = 'default'): K8sObject[] {
  const parsed = parseAllDocuments(yamlText).map((document) => {
    if (document.errors.length > 0) throw new Error(`kustomize output: ${document.errors[0]!.message}`);
    return document.toJS() as unknown;
  });
  return inNamespace(parsed, namespace);
}

/** Objects already parsed (e.g. by tools/manifests.ts), each given its namespace. */
export function inNamespace(objects: readonly unknown[], namespace = 'default'): K8sObject[] {
  return objects
    .filter((object): object is K8sObject => object !== null && typeof object === 'object')
    .map((object) => ({
      ...object,
      metadata: { ...object.metadata, namespace: object.metadata.namespace ?? namespace },
    }));
}

/** The one object of `kind` named `name` in `namespace`, or undefined. */
export function lookup(
  objects: readonly K8sObject[],
  kind: string,
  namespace: string,
  name: string,
): K8sObject | undefined {
  return objects.find(
    (object) =>
      object.kind === kind && object.metadata.name === name && object.metadata.namespace === namespace,
  );
}

/**
 * A Secret as the API server stores it: `data` base64-decoded, `stringData` merged over it (the API
 * server folds stringData into data on write, stringData winning).
 */
export function secretData(secret: K8sObject): Map<string, string> {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries((secret.data ?? {}) as Record<string, string>))
    values.set(key, Buffer.from(value, 'base64').toString('utf8'));
  for (const [key, value] of Object.entries((secret.stringData ?? {}) as Record<string, string>))
    values.set(key, value);
  return values;
}

export function configMapData(configMap: K8sObject): Map<string, string> {
  return new Map(
    Object.entries((configMap.data ?? {}) as Record<string, string>).map(([k, v]) => [k, String(v)]),
  );
}

/** A Secret the test creates (as an operator does with kubectl), e.g. the KRaft cluster id. */
export function secret(
  name: string,
  stringData: Readonly<Record<string, string>>,
  namespace = 'default',
): K8sObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, stringData };
}
