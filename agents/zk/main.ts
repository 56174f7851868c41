// zk-agent entry point: the only place that reads process.env and argv, and ends the process.
import { exitProcess } from '../core/exit.ts';
import { runProgram } from '../core/program.ts';

const notYet = async () => ({
  default: async () => {
    process.stderr.write('zk-agent: this verb is not built yet\n');
    return 1;
  },
});

void runProgram(
  {
    name: 'zk-agent',
    version: '0.1.0',
    description:
      'Runs ZooKeeper right as a Kubernetes StatefulSet: config from the pod ordinal, probes, metrics.',
    verbs: {
      init: () => import('./commands/init.ts'),
      run: () => import('./commands/run.ts'),
      serve: notYet,
      ok: notYet,
      metrics: notYet,
      status: notYet,
    },
  },
  process.argv.slice(2),
  process.env,
).then(exitProcess);
