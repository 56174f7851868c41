// The ZooKeeper image run as the manifests run it: a one-pod standalone ensemble becomes ready with a
// read-only root, uid 1000 and no capabilities, and the operators' wrappers work inside it. The image
// holds no setuid or setgid file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentHelp, type Pod, Sandbox, setuidFiles, waitReady } from './lib/docker.ts';
import { STANDALONE_ZK, ZK_IMAGE } from '../../tools/images/zk-pod.ts';

const sandbox = new Sandbox();
let pod: Pod;

beforeAll(async () => {
  pod = await sandbox.start(STANDALONE_ZK);
  await waitReady(pod, 9141, 90_000);
});
afterAll(() => sandbox.remove());

describe('zookeeper image', () => {
  it('runs tini as PID 1, with the agent as its child and uid 1000', async () => {
    const comm = await pod.exec(['cat', '/proc/1/comm']);
    expect(comm.stdout.trim()).toBe('tini');
    const id = await pod.exec(['id', '-u']);
    expect(id.stdout.trim()).toBe('1000');
  });

  it('becomes ready standalone (ZK_REPLICAS=1) and says so on /readyz and in zkServer.sh status', async () => {
    const status = await pod.exec(['zkServer.sh', 'status']);
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/standalone/i);
  });

  it('answers zkCli.sh from the jars', async () => {
    const run = await pod.exec(['zkCli.sh', '-server', 'localhost:2181', 'ls', '/'], 60_000);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('[zookeeper]');
  });

  it('wrote only to its volumes: the root filesystem refuses a write', async () => {
    const root = await pod.exec(['sh', '-c', 'touch /opt/zookeeper/lib/x']);
    expect(root.status).not.toBe(0);
    expect(root.stderr).toMatch(/Read-only file system/);
    const files = await pod.exec(['ls', '/opt/zookeeper/conf', '/var/lib/zookeeper/data']);
    expect(files.stdout).toContain('zoo.cfg');
    expect(files.stdout).toContain('myid');
  });

  it('refuses unknown zkServer.sh verbs with usage (exit 2)', async () => {
    const run = await pod.exec(['zkServer.sh', 'start']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage');
  });

  it('has no setuid or setgid file (CIS Docker Benchmark 4.8)', async () => {
    expect(await setuidFiles(ZK_IMAGE)).toEqual([]);
  });

  it('runs zk-agent --help in a fresh hardened container', async () => {
    const run = await agentHelp(ZK_IMAGE, 'zk-agent');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Usage: zk-agent');
  });

  it('reads the compile cache made at build time, on a read-only root as uid 1000', async () => {
    const run = await agentHelp(ZK_IMAGE, 'zk-agent', ['-e', 'NODE_DEBUG_NATIVE=COMPILE_CACHE']);
    expect(run.status, run.stderr).toBe(0);
    // Node's own trace: the cache for the bundle found and used (a cache made by another uid is never found).
    expect(run.stderr).toMatch(/V8 code cache for CommonJS \/opt\/\w+\/agent\/zk-agent\.js was accepted/);
  });
});
