// Every Kafka bin/ tool the Kafka images carry (images/kafka/tools/tools.table), each run in the container
// of a ready one-node broker (toolsBroker's env) against that broker, with an assertion on what came back.
// The groups run in this order in a test file: partitionTools leaves the topic `tools` with records 4..9
// (0..3 deleted) and clientTools the topic `perf` with 1,000, which the line's own tools then read.
// Within a group, steps that do not depend on each other run in two lanes side by side, two tool JVMs
// at a time on two cores (the KRaft broker's admin tools: 9.5 s so, 16 s one after another).
import { expect } from 'vitest';
import type { Pod } from './docker.ts';
import { JMX_PORT } from './kafka-env.ts';
import { BOOTSTRAP, createTopic, refused, tool, toolsRan } from './kafka-wrappers.ts';

/** The line of Kafka of an image: 3.9 (ZooKeeper mode) or 4.x (KRaft). */
export type KafkaLine = 3 | 4;

const BOTH_LINES = [
  'kafka-acls.sh',
  'kafka-broker-api-versions.sh',
  'kafka-client-metrics.sh',
  'kafka-cluster.sh',
  'kafka-configs.sh',
  'kafka-console-consumer.sh',
  'kafka-console-producer.sh',
  'kafka-consumer-groups.sh',
  'kafka-consumer-perf-test.sh',
  'kafka-delegation-tokens.sh',
  'kafka-delete-records.sh',
  'kafka-dump-log.sh',
  'kafka-e2e-latency.sh',
  'kafka-features.sh',
  'kafka-get-offsets.sh',
  'kafka-jmx.sh',
  'kafka-leader-election.sh',
  'kafka-log-dirs.sh',
  'kafka-metadata-quorum.sh',
  'kafka-producer-perf-test.sh',
  'kafka-reassign-partitions.sh',
  'kafka-replica-verification.sh',
  'kafka-storage.sh',
  'kafka-streams-application-reset.sh',
  'kafka-topics.sh',
  'kafka-transactions.sh',
  'kafka-verifiable-consumer.sh',
  'kafka-verifiable-producer.sh',
];

/** The tools of each line's bin/ that run from the image's jars, as `kafka-tool --list` must name them. */
export const TOOLS: Readonly<Record<KafkaLine, readonly string[]>> = {
  3: [...BOTH_LINES, 'kafka-mirror-maker.sh', 'zookeeper-security-migration.sh', 'zookeeper-shell.sh'].sort(),
  4: [
    ...BOTH_LINES,
    'kafka-console-share-consumer.sh',
    'kafka-groups.sh',
    'kafka-share-consumer-perf-test.sh',
    'kafka-share-groups.sh',
    'kafka-streams-groups.sh',
    'kafka-verifiable-share-consumer.sh',
  ].sort(),
};

/** The tools the image names, each a link in /usr/local/bin to the one wrapper. */
export async function imageTools(pod: Pod): Promise<{ listed: string[]; links: string[] }> {
  const listed = (await pod.exec(['kafka-tool', '--list'])).stdout.split('\n').filter(Boolean);
  const links = await pod.exec(['find', '/usr/local/bin', '-lname', 'kafka-tool', '-printf', '%f\\n']);
  return { listed: listed.sort(), links: links.stdout.split('\n').filter(Boolean).sort() };
}

/** The tools of the line that no test of the pod has run yet. */
export function notRun(pod: Pod, line: KafkaLine): string[] {
  const ran = toolsRan(pod);
  return TOOLS[line].filter((name) => !ran.has(name));
}

/** Writes `text` to `path` in the container (its /tmp: the root is read-only). */
async function writeFile(pod: Pod, path: string, text: string): Promise<void> {
  const run = await pod.exec(['sh', '-c', 'printf "%s\\n" "$1" > "$0"', path, text]);
  expect(run.status, run.stderr).toBe(0);
}

/** The value of `column` in a perf test's CSV report (header line, then one line of values). */
function csvColumn(report: string, column: string): string | undefined {
  const lines = report.split('\n').filter((line) => line.includes(', '));
  const index = (lines[0] ?? '').split(', ').indexOf(column);
  return index < 0 ? undefined : lines.at(-1)?.split(', ')[index];
}

/** Runs the lanes side by side, each one's steps in order; a failure is thrown once all have ended. */
async function lanes(...each: (() => Promise<void>)[]): Promise<void> {
  const ended = await Promise.allSettled(each.map((lane) => lane()));
  const failed = ended.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The JSON event lines of a Verifiable* tool named `name`. */
function events(output: string, name: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((event) => event.name === name);
}

/** Users, ACLs, dynamic configs, features, the cluster id, API versions, client metrics, tokens. */
export async function adminTools(pod: Pod, line: KafkaLine, clusterId?: string): Promise<void> {
  await lanes(
    async () => {
      const configs = ['kafka-configs.sh', ...BOOTSTRAP];
      const alice = ['--entity-type', 'users', '--entity-name', 'alice'];
      const scram = ['--add-config', 'SCRAM-SHA-512=[iterations=8192,password=x1]'];
      await tool(pod, [...configs, '--alter', ...alice, ...scram]);
      expect(await tool(pod, [...configs, '--describe', ...alice])).toContain(
        'SCRAM-SHA-512=iterations=8192',
      );
      const broker = ['--entity-type', 'brokers', '--entity-name', '1'];
      const throttle = ['--add-config', 'leader.replication.throttled.rate=1048576'];
      await tool(pod, [...configs, '--alter', ...broker, ...throttle]);
      expect(await tool(pod, [...configs, '--describe', ...broker])).toContain(
        'leader.replication.throttled.rate=1048576',
      );

      const features = await tool(pod, ['kafka-features.sh', ...BOOTSTRAP, 'describe']);
      // ZooKeeper mode finalizes no feature; KRaft's metadata.version is the broker's own.
      if (line === 3) expect(features).toBe('');
      else expect(features).toMatch(/^Feature: metadata\.version\t.*FinalizedVersionLevel: 4\.2-IV\d/m);
      const id = await tool(pod, ['kafka-cluster.sh', 'cluster-id', ...BOOTSTRAP]);
      expect(id.trim()).toMatch(clusterId ? `Cluster ID: ${clusterId}` : /^Cluster ID: [\w-]{22}$/);
    },
    async () => {
      const acls = ['kafka-acls.sh', ...BOOTSTRAP];
      const alice = ['--allow-principal', 'User:alice', '--operation', 'Read', '--topic', 'acl-test'];
      await tool(pod, [...acls, '--add', ...alice]);
      expect(await tool(pod, [...acls, '--list', '--topic', 'acl-test'])).toContain(
        '(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)',
      );

      const versions = await tool(pod, ['kafka-broker-api-versions.sh', ...BOOTSTRAP]);
      expect(versions).toContain('(id: 1 rack: null');
      expect(versions).toMatch(/Produce\(0\): \d+ to \d+ \[usable: \d+\]/);

      const metrics = ['kafka-client-metrics.sh', ...BOOTSTRAP];
      const name = ['--name', 'tools-metrics'];
      if (line === 3) {
        // KIP-714's client metrics are KRaft-only: the broker says so.
        expect(await refused(pod, [...metrics, '--describe', ...name])).toContain(
          'Config type client-metrics is only supported on KRaft clusters',
        );
      } else {
        const subscription = ['--metrics', 'org.apache.kafka.producer.', '--interval', '60000'];
        await tool(pod, [...metrics, '--alter', ...name, ...subscription]);
        expect(await tool(pod, [...metrics, '--describe', ...name])).toContain(
          'metrics=org.apache.kafka.producer.',
        );
      }

      // Tokens need a SASL listener; on PLAINTEXT the broker refuses (the tool needs a client config file).
      await writeFile(pod, '/tmp/admin.properties', '');
      const tokens = [
        'kafka-delegation-tokens.sh',
        ...BOOTSTRAP,
        '--command-config',
        '/tmp/admin.properties',
      ];
      expect(await refused(pod, [...tokens, '--describe'])).toContain(
        'Delegation Token requests are not allowed on PLAINTEXT/1-way SSL channels',
      );
    },
  );
}

/**
 * The topic `tools` (one partition): 10 records from the verifiable producer, read by the verifiable
 * consumer, counted, dumped from the log segment, its log dir, a reassignment plan, a preferred leader
 * election, records 0..3 deleted, its replicas verified, and a Streams app's offsets reset on it.
 */
export async function partitionTools(pod: Pod): Promise<void> {
  await createTopic(pod, 'tools');
  const producer = ['--topic', 'tools', '--max-messages', '10', '--acks', '-1'];
  const produced = await tool(pod, ['kafka-verifiable-producer.sh', ...BOOTSTRAP, ...producer]);
  expect(events(produced, 'tool_data')).toMatchObject([{ sent: 10, acked: 10 }]);

  await lanes(
    async () => {
      const consumer = ['--topic', 'tools', '--group-id', 'tools-vc', '--max-messages', '10'];
      const consumed = await tool(pod, [
        'kafka-verifiable-consumer.sh',
        ...BOOTSTRAP,
        ...consumer,
        '--reset-policy',
        'earliest',
      ]);
      expect(events(consumed, 'offsets_committed').at(-1)).toMatchObject({
        offsets: [{ topic: 'tools', partition: 0, offset: 10 }],
        success: true,
      });
      const offsets = await tool(pod, ['kafka-get-offsets.sh', ...BOOTSTRAP, '--topic', 'tools']);
      expect(offsets).toContain('tools:0:10');
      const segment = '/var/lib/kafka/data/tools-0/00000000000000000000.log';
      const dump = await tool(pod, ['kafka-dump-log.sh', '--files', segment, '--print-data-log']);
      expect(dump).toMatch(/baseOffset: 0 lastOffset: 9 count: 10 /);
      expect(dump).toMatch(/\| offset: 9 .* payload: 9$/m);
    },
    async () => {
      const dirs = await tool(pod, [
        'kafka-log-dirs.sh',
        ...BOOTSTRAP,
        '--describe',
        '--topic-list',
        'tools',
      ]);
      const described = JSON.parse(dirs.split('\n').find((text) => text.startsWith('{'))!) as {
        brokers: { broker: number; logDirs: { logDir: string; partitions: { partition: string }[] }[] }[];
      };
      expect(described.brokers[0]).toMatchObject({
        broker: 1,
        logDirs: [{ logDir: '/var/lib/kafka/data', partitions: [{ partition: 'tools-0' }] }],
      });
      await writeFile(pod, '/tmp/move.json', '{"topics":[{"topic":"tools"}],"version":1}');
      const move = ['--topics-to-move-json-file', '/tmp/move.json', '--broker-list', '1', '--generate'];
      expect(await tool(pod, ['kafka-reassign-partitions.sh', ...BOOTSTRAP, ...move])).toMatch(
        /Proposed partition reassignment configuration\n\{"version":1,"partitions":\[\{"topic":"tools","partition":0,"replicas":\[1\]/,
      );
      const election = ['--election-type', 'preferred', '--topic', 'tools', '--partition', '0'];
      expect(await tool(pod, ['kafka-leader-election.sh', ...BOOTSTRAP, ...election])).toContain(
        'Valid replica already elected for partitions tools-0',
      );
    },
  );

  const deletion = '{"partitions":[{"topic":"tools","partition":0,"offset":4}],"version":1}';
  await writeFile(pod, '/tmp/delete.json', deletion);
  const deleted = ['kafka-delete-records.sh', ...BOOTSTRAP, '--offset-json-file', '/tmp/delete.json'];
  expect(await tool(pod, deleted)).toMatch(/partition: tools-0\s+low_watermark: 4/);

  await lanes(
    async () => {
      // It verifies until stopped: stopped after its first report (one a second here).
      const verify = await tool(pod, [
        'sh',
        '-c',
        'kafka-replica-verification.sh --broker-list localhost:9092 --topics-include tools --report-interval-ms 1000 >/tmp/verify.out 2>&1 & ' +
          'for i in $(seq 60); do grep -q "max lag" /tmp/verify.out && break; sleep 1; done; kill $!; cat /tmp/verify.out',
      ]);
      expect(verify).toMatch(/max lag is 0 for partition tools-0 at offset 10 among 1 partitions/);
    },
    async () => {
      const app = ['--application-id', 'tools-app', '--input-topics', 'tools'];
      const reset = await tool(pod, ['kafka-streams-application-reset.sh', ...BOOTSTRAP, ...app]);
      // The earliest offset left after the deletion.
      expect(reset).toContain('Topic: tools Partition: 0 Offset: 4');
    },
  );
}

/** The perf tests (1,000 records in a transaction, read back), transactions, end-to-end latency, JMX. */
export async function clientTools(pod: Pod, line: KafkaLine): Promise<void> {
  await lanes(
    async () => {
      // 3.9 names the client config --producer-props; 4.x --command-property (the other is deprecated there).
      const props = line === 3 ? '--producer-props' : '--command-property';
      const records = [
        '--topic',
        'perf',
        '--num-records',
        '1000',
        '--record-size',
        '100',
        '--throughput',
        '-1',
      ];
      const transaction = ['--transactional-id', 'tools-tx', '--transaction-duration-ms', '1000'];
      const client = [props, 'bootstrap.servers=localhost:9092'];
      const produced = await tool(pod, [
        'kafka-producer-perf-test.sh',
        ...records,
        ...transaction,
        ...client,
      ]);
      expect(produced).toMatch(/^1000 records sent, /m);
      const transactions = await tool(pod, ['kafka-transactions.sh', ...BOOTSTRAP, 'list']);
      expect(transactions).toMatch(/^tools-tx\s+1\s+\d+\s+CompleteCommit\s*$/m);
      const count = line === 3 ? '--messages' : '--num-records';
      const perf = ['--topic', 'perf', count, '1000', '--timeout', '30000', '--group', 'tools-perf'];
      const consumed = await tool(pod, ['kafka-consumer-perf-test.sh', ...BOOTSTRAP, ...perf]);
      expect(csvColumn(consumed, 'data.consumed.in.nMsg'), consumed).toBe('1000');
    },
    async () => {
      // The topic made first: the tool's own creation races its consumer's metadata (seen on 4.2: "Consumer
      // is not subscribed to any topics or assigned any partitions").
      await createTopic(pod, 'e2e');
      const url = `service:jmx:rmi:///jndi/rmi://127.0.0.1:${JMX_PORT}/jmxrmi`;
      const state = ['--object-name', 'kafka.server:type=KafkaServer,name=BrokerState', '--one-time', 'true'];
      const jmx = await tool(pod, ['kafka-jmx.sh', '--jmx-url', url, ...state]);
      // The broker's state, 3: RUNNING.
      expect(jmx).toMatch(/^"time","kafka\.server:type=KafkaServer,name=BrokerState:Value"\n\d+,3$/m);
      // 3.9 takes positional arguments; 4.x options.
      const latency =
        line === 3
          ? ['localhost:9092', 'e2e', '50', '1', '100']
          : [
              ...BOOTSTRAP,
              '--topic',
              'e2e',
              '--num-records',
              '50',
              '--producer-acks',
              '1',
              '--record-size',
              '100',
            ];
      expect(await tool(pod, ['kafka-e2e-latency.sh', ...latency])).toMatch(/^Avg latency: [\d.]+ ms$/m);
    },
  );
}

/**
 * 3.9's own: the ZooKeeper shell, the ACL migration tool (which refuses to run without ZooKeeper
 * security, which the ZooKeeper image does not configure), the quorum tool (no quorum in ZooKeeper mode),
 * and MirrorMaker 1, mirroring `tools` onto itself for 10 s: it reads the records and writes them again.
 */
export async function zookeeperModeTools(pod: Pod, zookeeper: string): Promise<void> {
  await lanes(
    async () => {
      const consumer = 'bootstrap.servers=localhost:9092\ngroup.id=tools-mm\nauto.offset.reset=earliest';
      await writeFile(pod, '/tmp/mm-consumer.properties', consumer);
      // A second's linger: the copy of a copy waits for the next batch, so the loop writes a few records a second.
      await writeFile(pod, '/tmp/mm-producer.properties', 'bootstrap.servers=localhost:9092\nlinger.ms=1000');
      // Stopped by `timeout` (status 124): it mirrors until stopped, and commits its offsets as it stops.
      await tool(pod, [
        'sh',
        '-c',
        'timeout 10 kafka-mirror-maker.sh --consumer.config /tmp/mm-consumer.properties --producer.config /tmp/mm-producer.properties ' +
          '--include tools --offset.commit.interval.ms 1000; test $? = 124',
      ]);
      const group = ['--describe', '--group', 'tools-mm'];
      const described = await tool(pod, ['kafka-consumer-groups.sh', ...BOOTSTRAP, ...group]);
      const [, current, end] = /^tools-mm\s+tools\s+0\s+(\d+)\s+(\d+)/m.exec(described) ?? [];
      expect(Number(current), described).toBeGreaterThanOrEqual(10); // it read the records left (4..9)...
      expect(Number(end), described).toBeGreaterThan(10); // ...and wrote them again
    },
    async () => {
      expect(await tool(pod, ['zookeeper-shell.sh', zookeeper, 'ls', '/brokers/ids'])).toMatch(/^\[1\]$/m);
      const migration = ['--zookeeper.acl', 'unsecure', '--zookeeper.connect', zookeeper];
      expect(await refused(pod, ['zookeeper-security-migration.sh', ...migration])).toContain(
        'No JAAS configuration file has been specified',
      );
      const quorum = ['kafka-metadata-quorum.sh', ...BOOTSTRAP, 'describe', '--status'];
      expect(await refused(pod, quorum)).toContain('The node does not support DESCRIBE_QUORUM');
    },
  );
}

/**
 * 4.x's own: a share group (its reset to the earliest record is a group config) read by the console
 * share consumer and the share perf test, another by the verifiable share consumer; the groups of every
 * type; and a Streams group lookup, answered for a group of another type.
 */
export async function kraftTools(pod: Pod): Promise<void> {
  await lanes(
    async () => {
      const group = ['--entity-type', 'groups', '--entity-name', 'tools-share'];
      const earliest = ['--add-config', 'share.auto.offset.reset=earliest'];
      expect(await tool(pod, ['kafka-configs.sh', ...BOOTSTRAP, '--alter', ...group, ...earliest])).toContain(
        'Completed updating config for group tools-share.',
      );
      const share = [
        '--topic',
        'tools',
        '--group',
        'tools-share',
        '--max-messages',
        '6',
        '--timeout-ms',
        '30000',
      ];
      const read = await tool(pod, ['kafka-console-share-consumer.sh', ...BOOTSTRAP, ...share]);
      expect(read.split('\n').filter(Boolean)).toEqual(['4', '5', '6', '7', '8', '9']);
      const perf = [
        '--topic',
        'perf',
        '--num-records',
        '1000',
        '--group',
        'tools-share',
        '--timeout',
        '30000',
      ];
      const perfRun = await tool(pod, ['kafka-share-consumer-perf-test.sh', ...BOOTSTRAP, ...perf]);
      expect(csvColumn(perfRun, 'data.consumed.in.nMsg'), perfRun).toBe('1000');
      const describe = ['--describe', '--group', 'tools-share'];
      const described = await tool(pod, ['kafka-share-groups.sh', ...BOOTSTRAP, ...describe]);
      expect(described).toMatch(/^tools-share\s+perf\s+0\s+\d+\s+\d+$/m);
      expect(described).toMatch(/^tools-share\s+tools\s+0\s+\d+\s+\d+$/m);
    },
    async () => {
      const verifiable = ['--topic', 'tools', '--group-id', 'tools-vsc', '--max-messages', '6'];
      const reset = ['--offset-reset-strategy', 'earliest'];
      const acked = await tool(pod, [
        'kafka-verifiable-share-consumer.sh',
        ...BOOTSTRAP,
        ...verifiable,
        ...reset,
      ]);
      const acknowledged = events(acked, 'offsets_acknowledged') as {
        partitions: { topic: string; offsets: number[] }[];
        success: boolean;
      }[];
      expect(acknowledged.every((event) => event.success)).toBe(true);
      const offsets = acknowledged.flatMap((event) =>
        event.partitions.flatMap((partition) => partition.offsets),
      );
      expect(offsets.sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8, 9]);
      const streams = ['kafka-streams-groups.sh', ...BOOTSTRAP, '--describe', '--group', 'tools-app'];
      expect(await refused(pod, streams)).toContain('Group tools-app is not a streams group.');
    },
  );
  const groups = await tool(pod, ['kafka-groups.sh', ...BOOTSTRAP, '--list']);
  expect(groups).toMatch(/^tools-share\s+Share\s+share\s*$/m);
  expect(groups).toMatch(/^tools-vsc\s+Share\s+share\s*$/m);
  expect(groups).toMatch(/^tools-vc\s+Classic\s+consumer\s*$/m);
}
