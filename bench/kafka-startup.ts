// What @platformatic/kafka costs the agent at start-up. Imported whole it loads ~300 request codecs, its
// clients and a schema registry (FACTS.md: about a second and 50 MiB); the bundle carries only what
// agents/kafka/protocol/library.ts names (.config/build.ts). Measured: `kafka-agent --help` (no Kafka
// code at all), the exec probes `kafka-agent ok` (liveness: a look at /proc, no Kafka request) and
// `kafka-agent ok --ready` (a real Metadata answer of 1,000 partitions, decoded), against `node -e 0`
// and a process that only imports the package whole, interleaved.
import { compareAll, type NodeCommand } from './lib/measure.ts';
import type { BenchKafka } from './lib/kafka.ts';
import { fmt, ratio, type Row } from './lib/table.ts';
import { REPO_ROOT } from '../test/helpers/run-agent.ts';

export function benchKafkaStartup(kafka: BenchKafka, runs = 10): Row[] {
  const pod = kafka.cluster.pod(0);
  // The pod's own environment, for every command alike, without the test-hosts preload (ok needs no
  // names: it asks its own listener's address).
  const env = { ...pod.env, NODE_OPTIONS: undefined };
  const command = (args: string[]): NodeCommand => ({ args, env, cwd: REPO_ROOT });
  const [help, live, ready, node, whole] = compareAll(
    [
      command(['dist/kafka-agent.js', '--help']),
      command(['dist/kafka-agent.js', 'ok', '--hostname', pod.hostname]),
      command(['dist/kafka-agent.js', 'ok', '--ready', '--hostname', pod.hostname]),
      command(['-e', '0']),
      command(['--input-type=module', '-e', "import '@platformatic/kafka';"]),
    ],
    runs,
  );
  const measures = [
    { what: 'wall time', key: 'wallMs', unit: 'ms' },
    { what: 'CPU', key: 'cpuMs', unit: 'ms' },
    { what: 'peak RSS', key: 'maxRssMb', unit: 'MiB' },
  ] as const;
  const subjects = [
    { name: 'kafka-agent --help', sample: help! },
    { name: 'kafka-agent ok', sample: live! },
    { name: 'kafka-agent ok --ready', sample: ready! },
  ];
  return subjects.flatMap(({ name, sample }) =>
    measures.map(({ what, key, unit }) => ({
      name: `${name} ${what}${key === 'wallMs' ? ` (median of ${runs})` : ''}`,
      value: fmt(sample[key], unit),
      baseline: `node -e 0: ${fmt(node![key], unit)}; whole import: ${fmt(whole![key], unit)}`,
      ratio: ratio(sample[key], node![key]),
      // The issue's aim: load only what the agent uses, so it costs less than the whole package.
      goal: '< whole import',
      met: sample[key] < whole![key],
    })),
  );
}
