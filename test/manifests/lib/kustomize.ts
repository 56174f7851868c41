// Builds a kustomize base the way an operator does (`kubectl kustomize manifests/<base>`), and parses the
// output. The kustomize is, in order: $KUSTOMIZE (a kustomize binary), `kustomize` on PATH, or kubectl's
// built-in one when it is kustomize v5 or newer (machines of this project's kind come with kubectl
// 1.32, kustomize v5.5.0). Debian bookworm has no kustomize package and its kubernetes-client is 1.20,
// whose kustomize v2 predates the fields these bases use, so neither is installed for the tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../../helpers/run-agent.ts';

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

let command: readonly string[] | undefined;

function kustomizeCommand(): readonly string[] {
  if (command) return command;
  const onPath = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
  if (process.env.KUSTOMIZE) command = [process.env.KUSTOMIZE, 'build'];
  else if (onPath('kustomize')) command = ['kustomize', 'build'];
  else if (onPath('kubectl')) {
    const version = JSON.parse(
      execFileSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' }),
    );
    const major = Number(/^v(\d+)\./.exec(String(version.kustomizeVersion))?.[1] ?? 0);
    if (major >= 5) command = ['kubectl', 'kustomize'];
  }
  if (!command) {
    throw new Error(
      'the manifest tests need kustomize v5: set KUSTOMIZE=/path/to/kustomize, put kustomize on PATH, ' +
        'or install kubectl >= 1.27 (its `kubectl kustomize` is kustomize v5)',
    );
  }
  return command;
}

const built = new Map<string, readonly K8sObject[]>();

/** The objects `kustomize build manifests/<base>` prints (cached: the bases do not change during a run). */
export function build(base: Base): readonly K8sObject[] {
  const cached = built.get(base);
  if (cached) return cached;
  const [binary, ...args] = kustomizeCommand();
  const text = execFileSync(binary!, [...args, join(REPO_ROOT, 'manifests', base)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const objects = parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new Error(`${base}: ${document.errors[0]!.message}`);
    return document.toJS() as K8sObject;
  });
  built.set(base, Object.freeze(objects));
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
