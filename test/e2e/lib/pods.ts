// What a test asks of a pod the runner keeps, through `docker` as an operator would through `kubectl`:
// which volume holds its data (and whether it is still the same one), a file on that volume.
import { expect } from 'vitest';
import type { LocalCluster } from '../runner/cluster.ts';

/**
 * The volume mounted at `mountPath`, and when Docker created it: a claim recreated under the same name
 * gets a new time, so equal strings before and after a fault mean the pod came back on the same data.
 */
export async function dataVolume(cluster: LocalCluster, pod: string, mountPath: string): Promise<string> {
  const name = (
    await cluster.driver.ok([
      'inspect',
      '--format',
      `{{range .Mounts}}{{if eq .Destination "${mountPath}"}}{{.Name}}{{end}}{{end}}`,
      pod,
    ])
  ).trim();
  const created = (await cluster.driver.ok(['volume', 'inspect', '--format', '{{.CreatedAt}}', name])).trim();
  return `${name} created ${created}`;
}

/** The pod's container id: a recreated pod has a new one. */
export async function containerId(cluster: LocalCluster, pod: string): Promise<string> {
  return (await cluster.driver.ok(['inspect', '--format', '{{.Id}}', pod])).trim();
}

/** A file inside a running pod, which must exist. */
export async function podFile(cluster: LocalCluster, pod: string, path: string): Promise<string> {
  const run = await cluster.exec(pod, ['cat', path]);
  expect(run.status, `${pod}: cat ${path}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

/**
 * A file on a claim volume read by a throwaway container, whatever runs on the volume (or nothing):
 * the way to look at a volume whose pod refuses to start.
 */
export async function volumeFile(
  cluster: LocalCluster,
  image: string,
  volume: string,
  path: string,
): Promise<Buffer> {
  const run = await cluster.driver.run([
    'run',
    '--rm',
    '--network',
    'none',
    '--mount',
    `type=volume,src=${volume},dst=/volume,readonly`,
    '--entrypoint',
    'base64',
    image,
    '-w0',
    `/volume/${path}`,
  ]);
  expect(run.status, `${volume}: ${path}: ${run.stderr}`).toBe(0);
  return Buffer.from(run.stdout, 'base64');
}

/** Removes what an interrupted run left under these names: its claims would carry old identities in. */
export async function clearLeftovers(
  cluster: LocalCluster,
  pods: readonly string[],
  volumes: readonly string[],
): Promise<void> {
  await cluster.driver.run(['rm', '-f', ...pods]);
  await cluster.driver.run(['volume', 'rm', '-f', ...volumes]);
}

/** Polls `condition` every `everyMs` until it holds, or throws `what` after `timeoutMs`. */
export async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 500,
): Promise<void> {
  const begun = Date.now();
  while (!(await condition())) {
    if (Date.now() - begun > timeoutMs) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
