// Fields the Kubernetes API does not define. kubernetes-models validates types and required fields but,
// like the API's OpenAPI document, allows unknown ones; the API server refuses them under kubectl's
// default strict field validation (`--validate=strict`, since 1.27). The field list of each type comes
// from @kubernetes/client-node, the official client generated from the same OpenAPI document.
import * as client from '@kubernetes/client-node';
import type { K8sObject } from '../../../tools/manifests.ts';

interface Attribute {
  readonly baseName: string;
  readonly type: string;
}
type Generated = { getAttributeTypeMap(): readonly Attribute[] };

function generated(type: string): Generated | undefined {
  const candidate = (client as unknown as Record<string, unknown>)[type];
  return typeof (candidate as Partial<Generated> | undefined)?.getAttributeTypeMap === 'function'
    ? (candidate as Generated)
    : undefined;
}

/** The client's type of a built-in kind (`apps/v1` StatefulSet → V1StatefulSet); undefined for CRDs. */
export function clientType(object: K8sObject): string | undefined {
  const version = object.apiVersion.split('/').at(-1)!;
  const type = `${version[0]!.toUpperCase()}${version.slice(1)}${object.kind}`;
  return generated(type) ? type : undefined;
}

/** Paths of the fields in `value` that `type` does not define, e.g. `spec.template.spec.containers[0].foo`. */
export function unknownFields(value: unknown, type: string, path = ''): string[] {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    return Array.isArray(value)
      ? value.flatMap((item, i) => unknownFields(item, array[1]!, `${path}[${i}]`))
      : [];
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    return isObject(value)
      ? Object.entries(value).flatMap(([key, item]) => unknownFields(item, map[1]!, `${path}[${key}]`))
      : [];
  }
  const model = generated(type);
  if (!model || !isObject(value)) return [];
  const attributes = model.getAttributeTypeMap();
  return Object.entries(value).flatMap(([key, item]) => {
    const attribute = attributes.find((candidate) => candidate.baseName === key);
    const at = path === '' ? key : `${path}.${key}`;
    return attribute ? unknownFields(item, attribute.type, at) : [at];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
