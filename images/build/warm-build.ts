// `node images/build/warm-build.ts`: the build time after an agent-only change, for README: Images.
// The Dockerfiles' inputs are copied to a scratch directory, one help string of each agent is changed
// there (a change that reaches the bundle; a comment would not: esbuild drops it), and the three images
// are built from that copy under throwaway tags, on the cache `npm run images` left. The work tree and
// the real tags are untouched.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, summary } from './build.ts';
import { startEngine } from './engine.ts';
import { IMAGES } from './images.ts';
import { REPO_ROOT } from './paths.ts';

const INPUTS = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  '.config',
  'agents',
  'images',
  'Dockerfile.zk',
  'Dockerfile.kafka',
  '.dockerignore',
];
const CHANGED = ['agents/zk/program-spec.ts', 'agents/kafka/program-spec.ts'];

const copy = mkdtempSync(join(tmpdir(), 'warm-build-'));
for (const input of INPUTS) cpSync(join(REPO_ROOT, input), join(copy, input), { recursive: true });
for (const file of CHANGED) {
  const path = join(copy, file);
  const text = readFileSync(path, 'utf8');
  const changed = text.replace(
    'right as a Kubernetes StatefulSet',
    `right as a Kubernetes StatefulSet (${Date.now()})`,
  );
  if (changed === text) throw new Error(`${file}: the help string to change is gone; pick another`);
  writeFileSync(path, changed);
}
const engine = await startEngine();
const probeTags: string[] = [];
try {
  const built = IMAGES.map((image) => {
    const tag = image.tag.replace(/:.*/, ':warm-build-probe') + image.tag.replace(/.*:/, '-');
    probeTags.push(tag);
    return buildImage(engine, { ...image, tag }, copy);
  });
  console.log(`\nafter an agent-only change:\n${summary(built)}`);
} finally {
  for (const tag of probeTags) spawnSync(engine.docker, ['rmi', tag], { env: engine.env, stdio: 'ignore' });
  await engine.stop();
  rmSync(copy, { recursive: true, force: true });
}
