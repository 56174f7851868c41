// The local cluster's commands in docs/getting-started.md run as written (the block between its
// local-cluster markers), so the page cannot rot: `npm run cluster -- up` has already run (the suite
// needs the cluster), every later line runs in one bash, stopping at the first that fails.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubeEnv } from '../../tools/cluster/kubectl.ts';

const page = readFileSync('docs/getting-started.md', 'utf8');
const block =
  /<!-- local-cluster:start -->\n```sh\n([\s\S]*?)```\n<!-- local-cluster:end -->/.exec(page)?.[1] ?? '';

describe('docs/getting-started.md: the local cluster, as written', () => {
  it('brings the cluster up first, then runs kubectl against it', () => {
    const lines = block.trim().split('\n');
    expect(lines[0]).toBe('npm run cluster -- up');
    expect(lines.some((line) => line.startsWith('kubectl apply -k manifests/'))).toBe(true);
  });

  it('runs every command after `up`, and zkServer.sh status finds the quorum', () => {
    const script = ['set -euo pipefail', ...block.trim().split('\n').slice(1)].join('\n');
    const output = execFileSync('bash', ['-c', script], {
      encoding: 'utf8',
      env: { ...kubeEnv, KUBECONFIG: '' },
      timeout: 900_000,
    });
    expect(output).toMatch(/\b(leader|follower)\b/);
    expect(output).toContain('statefulset rolling update complete');
  });
});
