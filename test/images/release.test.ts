// What the images say about themselves, and `npm run images -- --push` into a real registry: Debian's
// docker-registry (the CNCF distribution server) on loopback, which the engine pushes to over plain
// HTTP (127.0.0.0/8 is an insecure registry by default). The registry's own API is then asked what it
// holds, down to the labels in each image's config blob.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { IMAGES } from '../../images/build/images.ts';
import { pushedName } from '../../images/build/push.ts';
import { release } from '../../images/build/release.ts';
import { REPO_ROOT } from '../../images/build/paths.ts';
import { hostMachine, PACKAGES } from '../../tools/machine.ts';
import { freePort } from '../../tools/harness/ports.ts';
import { dockerOk } from './lib/docker.ts';

/** The server version an image's tag names: its labels must say the same. */
const serverOf = (tag: string) => ({
  server: tag.includes('zookeeper') ? 'zookeeper' : 'kafka',
  version: tag.split(':')[1]!,
});

async function labels(tag: string): Promise<Record<string, string>> {
  return JSON.parse(await dockerOk(['image', 'inspect', '--format', '{{json .Config.Labels}}', tag]));
}

describe('image labels', () => {
  for (const image of IMAGES) {
    it(`${image.tag} says its version, revision, source, license and server version`, async () => {
      const { server, version } = serverOf(image.tag);
      const expected = release();
      const found = await labels(image.tag);
      expect(found['org.opencontainers.image.version']).toBe(expected.version);
      expect(found['org.opencontainers.image.revision']).toBe(expected.revision);
      expect(found['org.opencontainers.image.revision']).toMatch(/^[0-9a-f]{40}(-dirty)?$/);
      expect(found['org.opencontainers.image.source']).toBe(expected.source);
      expect(found['org.opencontainers.image.source']).toMatch(/^https:\/\//);
      expect(found['org.opencontainers.image.licenses']).toBe('Apache-2.0');
      expect(found[`statefulset-agents.${server}.version`]).toBe(version);
    });
  }
});

describe('npm run images -- --push', () => {
  let registry: ChildProcess | undefined;
  let root = '';
  let address = '';

  beforeAll(async () => {
    hostMachine().ensure('docker-registry');
    root = mkdtempSync(join(tmpdir(), 'registry-'));
    address = `127.0.0.1:${await freePort()}`;
    writeFileSync(
      join(root, 'config.yml'),
      `version: 0.1\nlog: { level: warn }\nstorage: { filesystem: { rootdirectory: ${join(root, 'data')} } }\nhttp: { addr: "${address}" }\n`,
    );
    registry = spawn(PACKAGES['docker-registry'][0], ['serve', join(root, 'config.yml')], {
      stdio: 'inherit',
    });
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await fetch(`http://${address}/v2/`).catch(() => undefined))?.ok) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`docker-registry did not answer on ${address}`);
  });

  afterAll(() => {
    registry?.kill('SIGTERM');
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('refuses a target without a path, naming a valid one, and builds nothing', () => {
    const run = spawnSync('node', ['images/build/index.ts', '--push', 'registry.example.com'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...inject('dockerEnv') },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('e.g. --push registry.example.com/platform');
    expect(run.stdout).not.toContain('docker build');
  });

  it('tags every image under the prefix and the registry then serves each, labels included', async () => {
    const target = `${address}/platform`;
    // The same engine (DOCKER_HOST): the images build again from cache, then go to the registry.
    const run = spawnSync('node', ['images/build/index.ts', '--push', target], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...inject('dockerEnv') },
      timeout: 600_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const catalog = (await (await fetch(`http://${address}/v2/_catalog`)).json()) as {
      repositories: string[];
    };
    for (const image of IMAGES) {
      const name = pushedName(image, target);
      expect(run.stdout).toContain(name);
      const repository = name.slice(address.length + 1, name.lastIndexOf(':'));
      const tag = name.slice(name.lastIndexOf(':') + 1);
      expect(catalog.repositories).toContain(repository);
      const manifest = (await (
        await fetch(`http://${address}/v2/${repository}/manifests/${tag}`, {
          headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
        })
      ).json()) as { config: { digest: string } };
      const config = (await (
        await fetch(`http://${address}/v2/${repository}/blobs/${manifest.config.digest}`)
      ).json()) as { config: { Labels: Record<string, string> } };
      const { server, version } = serverOf(image.tag);
      expect(config.config.Labels[`statefulset-agents.${server}.version`]).toBe(version);
      expect(config.config.Labels['org.opencontainers.image.revision']).toBe(release().revision);
    }
  });
});
