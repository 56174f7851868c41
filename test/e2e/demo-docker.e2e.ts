// `npm run demo -- --docker` as a newcomer runs it, as a child process on the engine the e2e setup
// started (DOCKER_HOST from inject('dockerEnv'): the demo uses an engine it can reach, and starts none).
// KRaft: three pods started in parallel, against six (three ZooKeeper, then three brokers one by one,
// OrderedReady) in ZooKeeper mode, which runs the same code (tools/demo/docker*.ts, the verify steps of
// tools/handbook-verify.ts) with one more base.
//  1. `--docker --kraft --check`: every pod Ready, the handbook's verify steps green inside the containers,
//     exit 0, the volumes kept;
//  2. `--docker --kraft` on those volumes (its cluster id kept with them), interrupted with SIGINT once
//     verified: exit 0, no container or network of the run left, the claim volumes kept — then removed here.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../tools/harness/run-agent.ts';
import { CLUSTER_ID_VOLUME } from '../../tools/demo/docker-cluster-id.ts';
import { DockerDriver } from './runner/docker.ts';
import { RUNNER_LABEL } from './runner/docker-args.ts';

const driver = new DockerDriver({ docker: inject('docker'), env: inject('dockerEnv') }, 'e2e-demo-docker');
const PODS = ['kafka-0', 'kafka-1', 'kafka-2'];
const VOLUMES = [...PODS.map((pod) => `datadir-${pod}`), CLUSTER_ID_VOLUME];
let demo: ReturnType<typeof spawn> | undefined;

interface DemoRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

/** The demo as a child; `interruptWhen` sends it SIGINT once its output matches. */
function runDemo(args: readonly string[], interruptWhen?: RegExp): Promise<DemoRun> {
  const { DEMO_EXIT_AFTER_QUORUM: _exit, ...env } = process.env;
  demo = spawn(process.execPath, ['tools/demo.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...env, ...inject('dockerEnv') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let interrupted = false;
  const take = (chunk: string) => {
    output += chunk;
    if (interruptWhen && !interrupted && interruptWhen.test(output)) {
      interrupted = true;
      demo!.kill('SIGINT');
    }
  };
  demo.stdout!.setEncoding('utf8').on('data', take);
  demo.stderr!.setEncoding('utf8').on('data', take);
  return new Promise((resolve) =>
    demo!.once('close', (status, signal) => resolve({ status, signal, output })),
  );
}

const runIdOf = (output: string) => /^runner run (demo-[0-9a-f]+):/m.exec(output)?.[1];

async function leftovers(runId: string): Promise<{ containers: string; networks: string }> {
  const filter = `label=${RUNNER_LABEL}=${runId}`;
  return {
    containers: (await driver.ok(['ps', '-a', '--filter', filter, '--format', '{{.Names}}'])).trim(),
    networks: (await driver.ok(['network', 'ls', '--filter', filter, '--format', '{{.Name}}'])).trim(),
  };
}

async function volumesThere(): Promise<string[]> {
  const there: string[] = [];
  for (const volume of VOLUMES)
    if ((await driver.run(['volume', 'inspect', volume])).status === 0) there.push(volume);
  return there;
}

beforeAll(async () => {
  // Another test's Kafka pods or claims (other cluster ids) would stand in the demo's way.
  await driver.run(['rm', '-f', ...PODS]);
  await driver.run(['volume', 'rm', '-f', ...VOLUMES]);
});

afterAll(async () => {
  if (demo?.exitCode === null) demo.kill('SIGKILL');
  await driver.run(['rm', '-f', ...PODS]);
  await driver.run(['volume', 'rm', '-f', ...VOLUMES]);
});

describe('npm run demo -- --docker --kraft', () => {
  it('--check: brings manifests/kafka-kraft to Ready, runs the handbook verify steps in the pods, exits 0', async () => {
    const { status, output } = await runDemo(['--docker', '--kraft', '--check']);
    expect(status, output).toBe(0);
    expect(output).toMatch(/^using the Docker engine at unix:\/\//m); // the setup's engine, not a new one
    for (const pod of PODS) expect(output).toMatch(new RegExp(`^\\[ *[\\d.]+ s\\] ${pod} +Ready$`, 'm'));
    expect(output).toMatch(
      /^\$ docker exec kafka-0 kafka-topics\.sh --bootstrap-server localhost:9092 --list$/m,
    );
    expect(output).toMatch(/^ {2}Created topic test-topic\.$/m);
    expect(output).toMatch(/PartitionCount:\s*3\s+ReplicationFactor:\s*3/);
    const produced =
      /^\$ docker exec kafka-0 sh -c 'echo "(hello from kafka-0 at [^"]+)" \| kafka-console-producer/m.exec(
        output,
      )?.[1];
    expect(produced, output).toBeDefined();
    // Consumed on another broker than the one it was produced on, as the handbook's verify steps do.
    const consumed = output
      .split('\n')
      .findIndex((line) => /^\$ docker exec kafka-1 kafka-console-consumer/.test(line));
    expect(output.split('\n')[consumed + 1], output).toBe(`  ${produced}`);
    expect(output).toMatch(/^ready and verified after [\d.]+ s$/m);
    const runId = runIdOf(output);
    expect(runId, output).toBeDefined();
    expect(await leftovers(runId!)).toEqual({ containers: '', networks: '' });
    expect(await volumesThere()).toEqual(VOLUMES);
  }, 900_000);

  it('stops on SIGINT after Ready: exit 0, containers and network removed, the claim volumes kept', async () => {
    const { status, signal, output } = await runDemo(['--docker', '--kraft'], /^Ctrl-C stops every pod/m);
    expect({ status, signal }, output).toEqual({ status: 0, signal: null });
    expect(output).toMatch(/^SIGINT: stopping every pod/m);
    // The volumes of the first run, found again: same cluster id, the topic and its message still there.
    expect(output).toMatch(/^KRaft cluster id \S+ \(kept with the volumes\)/m);
    expect(output).toMatch(/^\(test-topic is there from an earlier run/m);
    for (const pod of PODS) expect(output).toMatch(new RegExp(`^\\[[\\d.]+ s\\] ${pod}: exited \\d+$`, 'm'));
    expect(output).toMatch(/kept the volumes datadir-kafka-0, datadir-kafka-1, datadir-kafka-2/);
    const runId = runIdOf(output);
    expect(runId, output).toBeDefined();
    expect(await leftovers(runId!)).toEqual({ containers: '', networks: '' });
    expect(
      (await driver.run(['ps', '-a', '--filter', 'name=^kafka-', '--format', '{{.Names}}'])).stdout.trim(),
    ).toBe('');
    expect(await volumesThere()).toEqual(VOLUMES);
    await driver.ok(['volume', 'rm', ...VOLUMES]);
    expect(await volumesThere()).toEqual([]);
  }, 900_000);
});
