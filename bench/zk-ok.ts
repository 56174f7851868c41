// P2: an exec probe `zk-agent ok [--ready]` (what a manifest without httpGet runs every period), and the
// other short verbs `status` and `metrics`, cost about what starting node costs: CPU and wall time
// ≤ 1.10× `node -e 0`, against a real ZooKeeper, as the image runs them and as the plain bundle.
import type { BenchServer } from './lib/zookeeper.ts';
import type { Row } from './lib/table.ts';
import { verbStartupRows } from './lib/verb-startup.ts';

export function benchZkOk(server: BenchServer, runs = 20): Row[] {
  const env = { ZK_REPLICAS: '1', ZK_CLIENT_PORT: String(server.pod.clientPort) };
  const verb = (args: string[]) => ({
    name: `zk-agent ${args.join(' ')}`,
    command: { args: ['dist/zk-agent.js', ...args], env },
  });
  return verbStartupRows(
    [verb(['ok']), verb(['ok', '--ready']), verb(['status', '--hostname', 'zk-0']), verb(['metrics'])],
    runs,
  );
}
