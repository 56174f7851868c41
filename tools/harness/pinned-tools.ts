// vitest globalSetup: the pinned programs the tests run that come from the project's own install steps,
// not from the machine image (kustomize, built from source through the Go module proxy).
import { ensureKustomize } from '../kustomize.ts';

export default function setup(): void {
  ensureKustomize();
}
