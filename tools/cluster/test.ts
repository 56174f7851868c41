// `npm run test:cluster [-- vitest arguments]`: the end-to-end suites (test/cluster/*.cluster.ts) on the
// cluster KUBECONFIG names, or the local one of `npm run cluster -- up`; each suite deploys into a
// namespace of its own and deletes it after.
// `npm run test:cluster -- --verify-only [--namespace NS]`: only the read-only check of a deployment that
// is already running in NS (test/cluster/verify-only.check.ts): nothing is created, changed or deleted,
// so it is safe on a production cluster.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './versions.ts';

const args = process.argv.slice(2);
const verifyOnly = args.includes('--verify-only');
const env: NodeJS.ProcessEnv = { ...process.env };
const rest: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--verify-only') continue;
  if (arg === '--namespace' || arg.startsWith('--namespace=')) {
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
    if (!value) {
      console.error('test:cluster: --namespace needs a value, e.g. --namespace kafka');
      process.exit(2);
    }
    env.VERIFY_NAMESPACE = value;
    continue;
  }
  rest.push(arg);
}
if (env.VERIFY_NAMESPACE && !verifyOnly) {
  console.error(
    'test:cluster: --namespace goes with --verify-only (the suites make namespaces of their own)',
  );
  process.exit(2);
}
if (verifyOnly) env.VERIFY_ONLY = '1';
const vitest = join(REPO_ROOT, 'node_modules', '.bin', 'vitest');
const run = spawnSync(vitest, ['run', '--config', 'test/cluster/vitest.config.ts', ...rest], {
  cwd: REPO_ROOT,
  env,
  stdio: 'inherit',
});
process.exitCode = run.status ?? 1;
