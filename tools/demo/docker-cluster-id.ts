// The KRaft cluster id for `demo --docker --kraft`: the operator's one-time Secret (docs/deploying.md "The KRaft
// cluster id"), which must live as long as the claim volumes, since every meta.properties carries it. The
// demo keeps it on the engine beside those volumes, as the label of an empty volume, so a warm run finds
// the id its volumes were formatted with, and --remove-volumes takes both away together.
import { randomBytes } from 'node:crypto';
import type { DockerDriver } from '../../test/e2e/runner/docker.ts';

export const CLUSTER_ID_VOLUME = 'demo-kafka-cluster-id';
const LABEL = 'statefulset-agents.demo.cluster-id';

/** The kept id, or a new one (16 random bytes in base64url: a Kafka Uuid) when there are no volumes yet. */
export async function demoClusterId(
  driver: DockerDriver,
  claimVolumes: readonly string[],
): Promise<{ readonly id: string; readonly kept: boolean }> {
  const kept = await driver.run([
    'volume',
    'inspect',
    '--format',
    `{{index .Labels "${LABEL}"}}`,
    CLUSTER_ID_VOLUME,
  ]);
  const id = kept.stdout.trim();
  if (kept.status === 0 && /^[A-Za-z0-9_-]{22}$/.test(id)) return { id, kept: true };
  // Claim volumes without the id they were formatted with (another run's, e.g. a test's): a new id would
  // make every pod refuse its volume (AGENT_ERR_IDENTITY_MISMATCH), and the demo never rewrites identity.
  const existing = [];
  for (const volume of claimVolumes)
    if ((await driver.run(['volume', 'inspect', volume])).status === 0) existing.push(volume);
  if (existing.length > 0)
    throw new Error(
      `volumes ${existing.join(', ')} exist but not the cluster id they were formatted with (volume ` +
        `${CLUSTER_ID_VOLUME}): remove them (docker volume rm ${existing.join(' ')}) or run with --remove-volumes once`,
    );
  const fresh = randomBytes(16).toString('base64url');
  await driver.ok(['volume', 'create', '--label', `${LABEL}=${fresh}`, CLUSTER_ID_VOLUME]);
  return { id: fresh, kept: false };
}

/**
 * ZooKeeper mode on volumes a KRaft run kept (the two bases name their claims alike, datadir-kafka-N):
 * a ZooKeeper-mode broker would find another cluster's meta.properties and stop. Refused before any pod
 * starts, with what to do.
 */
export async function refuseKraftVolumes(
  driver: DockerDriver,
  claimVolumes: readonly string[],
): Promise<void> {
  if ((await driver.run(['volume', 'inspect', CLUSTER_ID_VOLUME])).status !== 0) return;
  const kafka = claimVolumes.filter((name) => name.includes('kafka'));
  throw new Error(
    `the volumes ${kafka.join(', ')} were kept by a --kraft run (volume ${CLUSTER_ID_VOLUME}): run with ` +
      `--kraft, or remove them first (docker volume rm ${[...kafka, CLUSTER_ID_VOLUME].join(' ')})`,
  );
}
