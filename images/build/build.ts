// `docker build` of every image on an engine, timed. BuildKit (Debian's client) with `--network host`:
// the engine runs without a default bridge or iptables rules (engine.ts), so build steps reach the
// package registries through the host's network. --force-rm for the legacy builder's failed containers.
import { spawnSync } from 'node:child_process';
import type { Engine } from './engine.ts';
import { IMAGES, type ImageSpec } from './images.ts';
import { REPO_ROOT } from './paths.ts';
import { releaseBuildArgs } from './release.ts';

export interface Built {
  readonly image: ImageSpec;
  readonly seconds: number;
  readonly sizeMB: number;
}

export function imageSizeMB(engine: Engine, tag: string): number {
  const result = spawnSync(engine.docker, ['image', 'inspect', '--format', '{{.Size}}', tag], {
    env: engine.env,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`no image ${tag}: ${result.stderr}`);
  return Number(result.stdout.trim()) / 1e6;
}

/** Builds `image` from `context` (default: the repository, the Dockerfiles' build context). */
export function buildImage(engine: Engine, image: ImageSpec, context = REPO_ROOT): Built {
  const args = ['build', '--force-rm', '--network', 'host', '-f', image.dockerfile, '-t', image.tag];
  const buildArgs = { ...releaseBuildArgs(), ...image.buildArgs };
  for (const [name, value] of Object.entries(buildArgs)) args.push('--build-arg', `${name}=${value}`);
  args.push('.');
  console.log(`\n$ docker ${args.join(' ')}`);
  const started = process.hrtime.bigint();
  const result = spawnSync(engine.docker, args, {
    cwd: context,
    env: { ...engine.env, BUILDKIT_PROGRESS: 'plain' },
    stdio: 'inherit',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`docker build of ${image.tag} failed (status ${result.status})`);
  return { image, seconds, sizeMB: imageSizeMB(engine, image.tag) };
}

export function buildAll(engine: Engine, only?: (image: ImageSpec) => boolean): Built[] {
  const built = IMAGES.filter(only ?? (() => true)).map((image) => buildImage(engine, image));
  // Each rebuild leaves the previous image untagged (<none>), ~300 MB each in .docker/data: dropped. The
  // build cache, which makes the next build fast, is kept.
  spawnSync(engine.docker, ['image', 'prune', '--force'], { env: engine.env, stdio: 'ignore' });
  return built;
}

export function summary(built: readonly Built[]): string {
  return built
    .map(
      ({ image, seconds, sizeMB }) =>
        `${image.tag}: ${sizeMB.toFixed(0)} MB (goal ≤ ${image.goalMB} MB: ${sizeMB <= image.goalMB ? 'met' : 'MISSED'}), built in ${seconds.toFixed(0)} s`,
    )
    .join('\n');
}
