// `npm run images -- --push REGISTRY/PREFIX`: each built image tagged for the registry the cluster pulls
// from and pushed there, keeping its name and tag under the prefix
// (statefulset-agents/zookeeper:3.9.5 → REGISTRY/PREFIX/zookeeper:3.9.5), which is what the docs'
// `kustomize edit set image statefulset-agents/zookeeper=REGISTRY/PREFIX/zookeeper:3.9.5` points at.
import { spawnSync } from 'node:child_process';
import type { Engine } from './engine.ts';
import type { ImageSpec } from './images.ts';

/** `registry.example.com:5000/platform` and the like: a registry host, then at least one path part. */
const TARGET = /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+$/;

export function checkPushTarget(target: string): string {
  const trimmed = target.replace(/\/+$/, '');
  if (!TARGET.test(trimmed)) {
    throw new Error(
      `--push ${JSON.stringify(target)}: give a registry and a path, e.g. --push registry.example.com/platform or --push 127.0.0.1:5000/statefulset-agents`,
    );
  }
  return trimmed;
}

/** The name an image gets in the target registry. */
export function pushedName(image: ImageSpec, target: string): string {
  const nameAndTag = image.tag.slice(image.tag.lastIndexOf('/') + 1);
  return `${target}/${nameAndTag}`;
}

export function pushAll(engine: Engine, images: readonly ImageSpec[], target: string): string[] {
  return images.map((image) => {
    const name = pushedName(image, target);
    for (const args of [
      ['tag', image.tag, name],
      ['push', name],
    ]) {
      console.log(`$ docker ${args.join(' ')}`);
      const result = spawnSync(engine.docker, args, { env: engine.env, stdio: 'inherit' });
      if (result.status !== 0) throw new Error(`docker ${args.join(' ')} failed (status ${result.status})`);
    }
    return name;
  });
}
