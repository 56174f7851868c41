// kafka-agent entry point: the only place that reads process.env and argv, and ends the process.
import { exitProcess } from '../core/exit.ts';
import { runProgram } from '../core/program.ts';

void runProgram(
  {
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
  },
  process.argv.slice(2),
  process.env,
).then(exitProcess);
