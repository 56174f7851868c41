// A container's environment as the kubelet makes it (pkg/kubelet/kubelet_pods.go,
// makeEnvironmentVariables): envFrom sources first, their values verbatim; then each env entry in order,
// `value`s expanded against what was defined before it (never after: Kubernetes reads the list once),
// `valueFrom`s (ConfigMap, Secret, downward API) taken verbatim. A later name replaces an earlier one.
// A missing ConfigMap, Secret or key that is not `optional` stops the pod from starting
// (CreateContainerConfigError): here it throws, naming what is missing.
import { expand, mappingFor } from './expansion.ts';
import { configMapData, lookup, secretData, type K8sObject } from './objects.ts';

interface KeyRef {
  readonly name: string;
  readonly key: string;
  readonly optional?: boolean;
}

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly fieldRef?: { readonly fieldPath: string };
    readonly configMapKeyRef?: KeyRef;
    readonly secretKeyRef?: KeyRef;
    readonly resourceFieldRef?: unknown;
  };
}

export interface EnvFromSource {
  readonly prefix?: string;
  readonly configMapRef?: { readonly name: string; readonly optional?: boolean };
  readonly secretRef?: { readonly name: string; readonly optional?: boolean };
}

/** What the downward API can tell this pod. */
export interface PodFields {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly serviceAccountName: string;
  /** Known only once the container runs; a plan that needs it gets it from the driver. */
  readonly podIP?: string;
}

export function fieldValue(fieldPath: string, pod: PodFields): string {
  const keyed = /^metadata\.(labels|annotations)\['([^']+)'\]$/.exec(fieldPath);
  if (keyed) return (keyed[1] === 'labels' ? pod.labels : pod.annotations)[keyed[2]!] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return pod.name;
    case 'metadata.namespace':
      return pod.namespace;
    case 'spec.serviceAccountName':
      return pod.serviceAccountName;
    case 'status.podIP':
    case 'status.podIPs':
      if (pod.podIP === undefined)
        throw new Error(`${pod.name}: fieldRef ${fieldPath} needs the pod's IP: give the plan a podIP`);
      return pod.podIP;
    default:
      throw new Error(`${pod.name}: fieldRef ${fieldPath} is not imitated by the runner`);
  }
}

function source(
  objects: readonly K8sObject[],
  kind: 'ConfigMap' | 'Secret',
  namespace: string,
  name: string,
): Map<string, string> | undefined {
  const object = lookup(objects, kind, namespace, name);
  if (!object) return undefined;
  return kind === 'Secret' ? secretData(object) : configMapData(object);
}

function keyRef(
  objects: readonly K8sObject[],
  kind: 'ConfigMap' | 'Secret',
  ref: KeyRef,
  pod: PodFields,
  variable: string,
): string | undefined {
  const value = source(objects, kind, pod.namespace, ref.name)?.get(ref.key);
  if (value === undefined && !ref.optional)
    throw new Error(
      `${pod.name}: env ${variable} needs key ${ref.key} of ${kind} ${pod.namespace}/${ref.name}, which does not exist (CreateContainerConfigError)`,
    );
  return value;
}

/** The container's variables in the order Kubernetes defines them, each name once. */
export function resolveEnv(
  env: readonly EnvVar[] | undefined,
  envFrom: readonly EnvFromSource[] | undefined,
  objects: readonly K8sObject[],
  pod: PodFields,
): Map<string, string> {
  const defined = new Map<string, string>();
  for (const from of envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const values = source(objects, kind, pod.namespace, ref.name);
    if (!values) {
      if (ref.optional) continue;
      throw new Error(`${pod.name}: envFrom ${kind} ${pod.namespace}/${ref.name} does not exist`);
    }
    for (const [key, value] of values) {
      const name = `${from.prefix ?? ''}${key}`;
      // The kubelet skips keys that cannot be variable names (and records an event saying so).
      if (name.includes('=') || name === '') continue;
      defined.set(name, value);
    }
  }
  for (const variable of env ?? []) {
    let value: string | undefined = '';
    const from = variable.valueFrom;
    if (variable.value !== undefined && variable.value !== '')
      value = expand(variable.value, mappingFor(defined));
    else if (from?.fieldRef) value = fieldValue(from.fieldRef.fieldPath, pod);
    else if (from?.configMapKeyRef)
      value = keyRef(objects, 'ConfigMap', from.configMapKeyRef, pod, variable.name);
    else if (from?.secretKeyRef) value = keyRef(objects, 'Secret', from.secretKeyRef, pod, variable.name);
    else if (from?.resourceFieldRef)
      throw new Error(`${pod.name}: env ${variable.name}: resourceFieldRef is not imitated by the runner`);
    // An optional reference to a missing key defines nothing at all.
    if (value === undefined) continue;
    defined.set(variable.name, value);
  }
  return defined;
}
