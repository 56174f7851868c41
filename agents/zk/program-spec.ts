// zk-agent's command line: its verbs, each loaded only when it runs. Apart from main.ts so that tests can
// run a verb in-process (runProgram with buffers for output) without starting the entry point.
import type { AgentProgramSpec } from '../core/verbs.ts';

export const zkProgramSpec: AgentProgramSpec = {
  name: 'zk-agent',
  version: '0.1.0',
  description:
    'Runs ZooKeeper right as a Kubernetes StatefulSet: config from the pod ordinal, probes, metrics.',
  verbs: {
    init: () => import('./commands/init.ts'),
    run: () => import('./commands/run.ts'),
    serve: () => import('./commands/serve.ts'),
    ok: () => import('./commands/ok.ts'),
    metrics: () => import('./commands/metrics.ts'),
    status: () => import('./commands/status.ts'),
  },
};
