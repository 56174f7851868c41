// kafka-agent's exec verbs against `node -e 0` (target: ≤ 1.10× in CPU and wall time), against a real
// KRaft cluster of 100 topics × 10 partitions: `ok` (liveness: a look at /proc, no Kafka request and no
// protocol client loaded), `ok --ready` (a real Metadata answer of 1,000 partitions, decoded), `status`,
// `metrics` and `init` (into a scratch dir), as the image runs them and as the plain bundle
// (bench/lib/verb-startup.ts). And what the protocol library would cost imported whole (docs/design.md: its
// ~300 codecs, clients and schema registry), which the bundle avoids (.config/build.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare } from './lib/measure.ts';
import type { BenchKafka } from './lib/kafka.ts';
import { ratioRow, type Row } from './lib/table.ts';
import { verbStartupRows } from './lib/verb-startup.ts';
import { REPO_ROOT } from '../tools/harness/run-agent.ts';

export function benchKafkaStartup(kafka: BenchKafka, runs = 10): Row[] {
  const pod = kafka.cluster.pod(0);
  // The pod's own environment, for every command alike, without the test-hosts preload (the verbs need
  // no names: they ask their own listener's address).
  const env = { ...pod.env, NODE_OPTIONS: undefined };
  const scratch = mkdtempSync(join(tmpdir(), 'bench-kafka-init-'));
  try {
    const verb = (args: string[], name = `kafka-agent ${args.join(' ')}`) => ({
      name,
      command: { args: ['dist/kafka-agent.js', ...args, '--hostname', pod.hostname], env, cwd: REPO_ROOT },
    });
    const rows = verbStartupRows(
      [
        verb(['ok']),
        verb(['ok', '--ready']),
        verb(['status']),
        verb(['metrics']),
        verb(['init', '--conf-dir', scratch], 'kafka-agent init'),
      ],
      runs,
    );
    const whole = compare(
      { args: ['--input-type=module', '-e', "import '@platformatic/kafka';"], env, cwd: REPO_ROOT },
      { args: ['-e', '0'], env, cwd: REPO_ROOT },
      runs,
    );
    return [
      ...rows,
      ratioRow(
        '@platformatic/kafka imported whole: CPU',
        whole.subject.cpuMs,
        { name: 'node -e 0', value: whole.baseline.cpuMs },
        'ms',
      ),
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
