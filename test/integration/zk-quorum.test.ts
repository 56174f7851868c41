// A three-pod ZooKeeper ensemble started through `zk-agent run`, asserted through ZooKeeper itself
// (`srvr`): the quorum forms, a SIGTERM reaches the server through the agent, the agent exits with the
// server's status, the others keep serving, and the stopped pod rejoins. Twice: ZooKeeper 3.9.5 from
// Maven Central, and Debian's 3.8 as a second real version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupAlive, processAlive } from '../../tools/harness/agent-process.ts';
import { Ensemble } from '../../tools/harness/ensemble.ts';
import { debianZookeeperLibDir, zookeeperLibDir } from '../../tools/harness/fetch-zookeeper.ts';

const versions = [
  { version: '3.9.5 (Maven Central)', libDir: zookeeperLibDir },
  { version: '3.8 (Debian package)', libDir: debianZookeeperLibDir },
];

describe.each(versions)('ZooKeeper $version in three pods through zk-agent run', ({ libDir }) => {
  let ensemble: Ensemble;
  let stopped: number;

  beforeAll(async () => {
    ensemble = await Ensemble.start({ libDir: libDir(), label: 'zk-quorum' });
  });
  afterAll(async () => {
    await ensemble?.teardown();
  });

  it('forms a quorum: one leader and two followers', async () => {
    const modes = await ensemble.waitForQuorum({ timeoutMs: 90_000 });
    expect(Object.values(modes).sort()).toEqual(['follower', 'follower', 'leader']);
    // Peers found each other by the headless Service's names, as in Kubernetes (resolved from the hosts file).
    const zooCfg = readFileSync(join(ensemble.pods[0]!.confDir, 'zoo.cfg'), 'utf8');
    expect(zooCfg).toMatch(/^server\.1=zk-0\.zk-hs\.test\.local:\d+:\d+$/m);
    expect(zooCfg).toMatch(/^server\.3=zk-2\.zk-hs\.test\.local:\d+:\d+$/m);
  }, 100_000);

  it("forwards SIGTERM to the server and exits with the server's status", async () => {
    // The leader: the harder case, the other two must elect a new one.
    stopped = (await ensemble.leaderIndex())!;
    expect(stopped).toBeDefined();
    const result = await ensemble.stopPod(stopped, 'SIGTERM');

    expect(result.server, 'the agent logs how the server exited').toBeDefined();
    expect(result.code).toBe(result.server!.status);
    // The JVM exits 128+15 on SIGTERM (no shutdown hook of ZooKeeper's changes that).
    expect(result.server!.status).toBe(143);
    expect(result.serverPid).toBeDefined();
    expect(processAlive(result.serverPid!), 'the JVM is gone').toBe(false);
    expect(groupAlive(ensemble.pods[stopped]!.agent!.pid), 'nothing of the pod is left').toBe(false);
  });

  it('the other two pods keep serving: a leader and a follower', async () => {
    const others = ensemble.pods.map((pod) => pod.index).filter((index) => index !== stopped);
    const modes = await ensemble.waitForQuorum({ indices: others, timeoutMs: 60_000 });
    expect(Object.values(modes).sort()).toEqual(['follower', 'leader']);
  }, 70_000);

  it('the stopped pod restarts on its data and rejoins as a follower', async () => {
    ensemble.restartPod(stopped);
    const modes = await ensemble.waitForQuorum({ timeoutMs: 60_000 });
    expect(modes[ensemble.pods[stopped]!.hostname]).toBe('follower');
    expect(Object.values(modes).sort()).toEqual(['follower', 'follower', 'leader']);
  }, 70_000);
});
