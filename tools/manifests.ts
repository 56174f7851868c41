// Builds a kustomize base the way an operator does (`kustomize build manifests/<base>`), and parses the
// output. The kustomize is the project's pinned one (tools/kustomize.ts), built on first use (the
// tests' global setup builds it before any test runs): never one the machine happens to have, whose
// version would decide what the tests see.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './harness/run-agent.ts';
import { ensureKustomize } from './kustomize.ts';

/** One object of a built base, as parsed from kustomize's YAML. */
export type K8sObject = Record<string, unknown> & {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
};

export const BASES = [
  'zookeeper',
  'kafka',
  'kafka-kraft',
  'kafka-kraft/separate-roles',
  'monitoring',
] as const;
export type Base = (typeof BASES)[number];

/**
 * Overlays an operator would write over the bases (test/manifests/overlays/<name>): the scaling tests
 * build them as they build a base.
 */
export const OVERLAYS = [
  'zookeeper-5',
  'zookeeper-and-kafka-5',
  'kafka-kraft-5',
  'kafka-kraft-separate-roles-5',
] as const;
/**
 * The secure variants as an operator turns them on: a base and its component of manifests/secure
 * (test/manifests/overlays/<name>).
 */
export const SECURE_OVERLAYS = [
  'zookeeper-secure',
  'zookeeper-and-kafka-secure',
  'kafka-kraft-secure',
  'kafka-kraft-separate-roles-secure',
] as const;
export type Overlay = (typeof OVERLAYS)[number];
export type SecureOverlay = (typeof SECURE_OVERLAYS)[number];

export const OVERLAYS_DIR = join(REPO_ROOT, 'test', 'manifests', 'overlays');

const built = new Map<string, readonly K8sObject[]>();

/** The objects `kustomize build manifests/<base>` prints (cached: the bases do not change during a run). */
export function build(base: Base): readonly K8sObject[] {
  return kustomizeBuild(join(REPO_ROOT, 'manifests', base));
}

/** The objects `kustomize build test/manifests/overlays/<overlay>` prints (cached, as build). */
export function buildOverlay(overlay: Overlay | SecureOverlay): readonly K8sObject[] {
  return kustomizeBuild(join(OVERLAYS_DIR, overlay));
}

function kustomizeBuild(dir: string): readonly K8sObject[] {
  const cached = built.get(dir);
  if (cached) return cached;
  // Built here when missing (the demo); the tests' global setup has built it before any test runs.
  const text = execFileSync(ensureKustomize(), ['build', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const objects = parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new Error(`${dir}: ${document.errors[0]!.message}`);
    return document.toJS() as K8sObject;
  });
  built.set(dir, Object.freeze(objects));
  return objects;
}

export function ofKind(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((object) => object.kind === kind);
}

/** The one object of `kind` named `name`; throws naming both when it is missing. */
export function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the built base`);
  return found;
}
