// `node images/build/measure.ts`: the start-up flags measured in the ZooKeeper image, for README: Images.
//  - NODE_COMPILE_CACHE (a cache made at build time, read-only at run time): wall time of `zk-agent
//    --help` and of an `ok` exec probe, with and without it, interleaved, in a hardened container;
//  - --max-semi-space-size=1 on the resident agent: its RSS after 20,000 probes and scrapes, with the
//    wrapper's flag and without it (node started directly), on a standalone ZooKeeper.
// A report, not a test: figures vary with the machine's load.
import { spawnSync } from 'node:child_process';
import { startEngine, type Engine } from './engine.ts';
import { HARDENED } from './hardened.ts';

const IMAGE = 'statefulset-agents/zookeeper:3.9.5';
// The standalone pod both measurements run: zk-0 of one server, no network.
const STANDALONE_ZK = [
  '--network',
  'none',
  '--hostname',
  'zk-0',
  '--domainname',
  'zk-hs.default.svc.cluster.local',
  '-e',
  'ZK_REPLICAS=1',
];

function docker(engine: Engine, args: string[]): string {
  const result = spawnSync(engine.docker, args, { env: engine.env, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (result.status !== 0) throw new Error(`docker ${args.join(' ')}: ${result.stdout}${result.stderr}`);
  return result.stdout;
}

// Rounds alternate the variants so that the machine's load drifts over all of them alike.
const TIMING = `
ms() { echo $(( $(date +%s%N) / 1000000 )); }
agent=/opt/zookeeper/agent/zk-agent.js
a=0; b=0; c=0; d=0; e=0
for i in $(seq 20); do
  t=$(ms); node -e 0; a=$((a + $(ms) - t))
  t=$(ms); node $agent --help >/dev/null; b=$((b + $(ms) - t))
  t=$(ms); env -u NODE_COMPILE_CACHE node $agent --help >/dev/null; c=$((c + $(ms) - t))
  t=$(ms); node $agent ok --timeout 200 >/dev/null 2>&1; d=$((d + $(ms) - t))
  t=$(ms); env -u NODE_COMPILE_CACHE node $agent ok --timeout 200 >/dev/null 2>&1; e=$((e + $(ms) - t))
done
echo "node -e 0: $((a / 20)) ms"
echo "zk-agent --help, compile cache: $((b / 20)) ms; without: $((c / 20)) ms"
echo "zk-agent ok (no server), compile cache: $((d / 20)) ms; without: $((e / 20)) ms"
NODE_DEBUG_NATIVE=COMPILE_CACHE node $agent --help 2>&1 >/dev/null | grep -i -m3 -E 'cache|persist|fail' || true
`;

const LOAD = `
const routes = [...Array(10).fill('/readyz'), '/metrics'];
let n = 0;
const one = async () => { while (n < 20000) { const r = routes[n++ % routes.length]; await (await fetch('http://127.0.0.1:9141' + r)).arrayBuffer(); } };
await Promise.all([one(), one(), one(), one()]);
`;

function agentRss(engine: Engine, entrypoint: string[]): string {
  const name = `sa-measure-${process.pid}`;
  docker(engine, [
    'run',
    '-d',
    '--name',
    name,
    ...HARDENED,
    '--tmpfs',
    '/tmp',
    '--tmpfs',
    '/var/lib/zookeeper:uid=1000,gid=1000',
    '--tmpfs',
    '/opt/zookeeper/conf:uid=1000,gid=1000',
    ...STANDALONE_ZK,
    '-e',
    'ZK_HEAP_SIZE=256M',
    ...entrypoint,
  ]);
  try {
    for (let i = 0; i < 90; i++) {
      const ready = spawnSync(
        engine.docker,
        [
          'exec',
          name,
          'node',
          '-e',
          "fetch('http://127.0.0.1:9141/readyz').then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))",
        ],
        { env: engine.env },
      );
      if (ready.status === 0) break;
      spawnSync('sleep', ['1']);
    }
    const pid = () =>
      docker(engine, ['exec', name, 'sh', '-c', 'cat /proc/1/task/1/children']).trim().split(/\s+/)[0];
    const rss = () =>
      docker(engine, [
        'exec',
        name,
        'sh',
        '-c',
        `grep -E 'VmRSS|VmHWM' /proc/${pid()}/status | tr -s ' \\t' ' ' | tr '\\n' ' '`,
      ]).trim();
    const before = rss();
    docker(engine, ['exec', name, 'node', '--input-type=module', '-e', LOAD]);
    return `before load: ${before}; after 20,000 requests: ${rss()}`;
  } finally {
    docker(engine, ['rm', '-f', name]);
  }
}

const engine = await startEngine();
try {
  // ok needs the pod's identity and ZK_REPLICAS, as in a pod; no server answers, so it fails at once.
  console.log(
    docker(engine, ['run', '--rm', ...HARDENED, ...STANDALONE_ZK, '--entrypoint', 'sh', IMAGE, '-c', TIMING]),
  );
  console.log(`with --max-semi-space-size=1 (the image's zk-agent): ${agentRss(engine, [IMAGE])}`);
  console.log(
    `without (node started directly): ${agentRss(engine, ['--entrypoint', 'tini', IMAGE, '--', 'node', '/opt/zookeeper/agent/zk-agent.js', 'run'])}`,
  );
} finally {
  await engine.stop();
}
