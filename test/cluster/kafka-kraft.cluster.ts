// manifests/kafka-kraft (combined controller+broker nodes) and its separate-roles overlay on a real
// Kubernetes, each with its cluster-id Secret made as docs/deploying.md says: one quorum of the expected
// voters, the handbook's verify steps, a rollout restart of the quorum under an acks=all idempotent
// producer with no failed send, and a pod given another pod's claim refusing to start.
import { spawnSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyKafkaPods } from '../../tools/handbook-verify.ts';
import { createClusterIdSecret, kubectl, namespace, podExec, waitFor } from '../../tools/cluster/kubectl.ts';
import { startClientPod, underLoad } from './lib/kafka-load.ts';
import { podOnOthersClaim } from './lib/wrong-claim.ts';

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** A namespace with the cluster-id Secret (16 random bytes in base64url) and `base` applied and rolled out. */
async function deployed(prefix: string, base: string, statefulSets: readonly string[]) {
  const ns = await namespace(prefix);
  await createClusterIdSecret(ns.name);
  const started = Date.now();
  await kubectl(['-n', ns.name, 'apply', '-k', `manifests/${base}`]);
  for (const set of statefulSets)
    await kubectl(['-n', ns.name, 'rollout', 'status', `statefulset/${set}`, '--timeout=900s'], 920_000);
  console.log(`${base}: applied → rollout complete in ${seconds(started)}`);
  return ns;
}

/** `kafka-metadata-quorum describe --status` through `pod`'s broker listener. */
function quorumStatus(ns: string, pod: string): Promise<string> {
  return kubectl([
    '-n',
    ns,
    'exec',
    pod,
    '--',
    'kafka-metadata-quorum.sh',
    '--bootstrap-server',
    'localhost:9092',
    'describe',
    '--status',
  ]);
}

async function rolledUnderLoad(ns: string, topic: string, statefulSet: string): Promise<void> {
  const outcome = await underLoad(ns, topic, async () => {
    await kubectl(['-n', ns, 'rollout', 'restart', `statefulset/${statefulSet}`]);
    await kubectl(['-n', ns, 'rollout', 'status', `statefulset/${statefulSet}`, '--timeout=900s'], 920_000);
  });
  expect(outcome.sendErrors).toEqual([]);
}

describe('manifests/kafka-kraft on a real cluster', () => {
  let ns: Awaited<ReturnType<typeof namespace>>;
  beforeAll(async () => {
    ns = await deployed('sa-kraft', 'kafka-kraft', ['kafka']);
    await startClientPod(ns.name);
  });
  afterAll(async () => ns?.remove());

  it('forms one quorum of the three nodes, and passes the handbook verify steps', async () => {
    const quorum = await quorumStatus(ns.name, 'kafka-0');
    expect(quorum).toMatch(/LeaderId:\s+[123]\b/);
    expect(quorum).toMatch(/CurrentVoters:\s+\[.*\b1\b.*\b2\b.*\b3\b.*\]/);
    await verifyKafkaPods(podExec(ns.name));
  });

  it('passes `test:cluster -- --verify-only` on this deployment, the KRaft quorum check included', () => {
    const run = spawnSync('npm', ['run', 'test:cluster', '--', '--verify-only', '--namespace', ns.name], {
      encoding: 'utf8',
      timeout: 600_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    // Every check but ZooKeeper's, which has no StatefulSet here.
    // vitest colours its summary even into a pipe when its parent does.
    expect(stripVTControlCharacters(run.stdout)).toMatch(/Tests\s+4 passed \| 1 skipped/);
  });

  it('rolls a restart of the combined controller+broker nodes with no failed send, the quorum whole after', async () => {
    await rolledUnderLoad(ns.name, 'fault-rollout-kraft', 'kafka');
    await waitFor('a quorum leader after the roll', 120_000, async () =>
      /LeaderId:\s+[123]\b/.test(await quorumStatus(ns.name, 'kafka-0')) ? true : undefined,
    );
  });

  it("refuses to start a pod on kafka-0's claim as node 2: the identity error, never Ready, meta.properties untouched", async () => {
    const read = () =>
      kubectl(['-n', ns.name, 'exec', 'kafka-0', '--', 'cat', '/var/lib/kafka/data/meta.properties']);
    const before = await read();
    const error = await podOnOthersClaim(ns.name, {
      pod: 'kafka-1',
      claimOf: 'kafka-0',
      template: 'datadir',
    });
    expect(error).toMatch(/AGENT_ERR_IDENTITY_MISMATCH/);
    expect(error).toMatch(/node\.id/);
    expect(await read()).toBe(before);
  });
});

describe('manifests/kafka-kraft/separate-roles on a real cluster', () => {
  let ns: Awaited<ReturnType<typeof namespace>>;
  beforeAll(async () => {
    ns = await deployed('sa-roles', 'kafka-kraft/separate-roles', ['kafka-controller', 'kafka-broker']);
    await startClientPod(ns.name, 'kafka-broker');
  });
  afterAll(async () => ns?.remove());

  it('forms one quorum of controllers 100..102, and passes the handbook verify steps on the brokers', async () => {
    const quorum = await quorumStatus(ns.name, 'kafka-broker-0');
    expect(quorum).toMatch(/LeaderId:\s+10[012]\b/);
    expect(quorum).toMatch(/CurrentVoters:\s+\[.*\b100\b.*\b101\b.*\b102\b.*\]/);
    await verifyKafkaPods(podExec(ns.name), { brokers: ['kafka-broker-0', 'kafka-broker-1'] });
  });

  it('rolls a restart of the controllers with no failed send, then of the brokers', async () => {
    await rolledUnderLoad(ns.name, 'fault-rollout-controllers', 'kafka-controller');
    await rolledUnderLoad(ns.name, 'fault-rollout-brokers', 'kafka-broker');
  });
});
