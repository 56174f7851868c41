// kafka-agent's command line: its verbs, each loaded only when it runs. Apart from main.ts so that tests can
// run a verb in-process (runProgram with buffers for output) without starting the entry point.
import type { AgentProgramSpec } from '../core/verbs.ts';

export const kafkaProgramSpec: AgentProgramSpec = {
  name: 'kafka-agent',
  version: '0.1.0',
  description:
    'Runs Kafka brokers right as a Kubernetes StatefulSet (ZooKeeper mode and KRaft): config from the pod ordinal, storage, probes, metrics.',
  verbs: {
    init: () => import('./commands/init.ts'),
    run: () => import('./commands/run.ts'),
    serve: () => import('./commands/serve.ts'),
    ok: () => import('./commands/ok.ts'),
    metrics: () => import('./commands/metrics.ts'),
    status: () => import('./commands/status.ts'),
  },
};
