// The repository root, for scripts that run from anywhere (npm scripts run from the root anyway).
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
