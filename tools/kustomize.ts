// The kustomize the project builds its manifests with, pinned and built from source through the Go
// module proxy into the git-ignored .cache/tools/, so that every machine renders the bases with the same
// program: never a kubectl or kustomize the machine image happens to carry. v5.7.1 is the kustomize
// that kubectl 1.34 embeds.
//
// `node tools/kustomize.ts` installs it and prints its path.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostMachine, type Machine } from './machine.ts';

export const KUSTOMIZE_VERSION = 'v5.7.1';
const MODULE = 'sigs.k8s.io/kustomize/kustomize/v5';
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = join(REPO_ROOT, '.cache', 'tools', `kustomize-${KUSTOMIZE_VERSION}`);
export const KUSTOMIZE = join(DIR, 'kustomize');

/** Builds the pinned kustomize unless it is there; returns its path. About 40 s cold on 2 cores. */
export function ensureKustomize(machine: Machine = hostMachine()): string {
  if (existsSync(KUSTOMIZE)) return KUSTOMIZE;
  const go = machine.which('go');
  if (!go) {
    throw new Error(
      `building kustomize ${KUSTOMIZE_VERSION} needs Go 1.22 or newer on PATH (go install ${MODULE}@${KUSTOMIZE_VERSION})`,
    );
  }
  console.log(`building kustomize ${KUSTOMIZE_VERSION} from ${MODULE} (Go module proxy)…`);
  // Built into a folder of its own, then moved: a half-built binary never has the final name.
  const part = `${DIR}.part`;
  rmSync(part, { recursive: true, force: true });
  mkdirSync(part, { recursive: true });
  execFileSync(go, ['install', `${MODULE}@${KUSTOMIZE_VERSION}`], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: part, CGO_ENABLED: '0' },
  });
  rmSync(DIR, { recursive: true, force: true });
  renameSync(part, DIR);
  return KUSTOMIZE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(ensureKustomize());
