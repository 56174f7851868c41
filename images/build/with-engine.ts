// `node images/build/with-engine.ts docker image ls`: one docker command on the engine `npm run images`
// uses (started for it and stopped after, as the other scripts do), to look at the built images.
import { spawnSync } from 'node:child_process';
import { startEngine } from './engine.ts';

const [command, ...args] = process.argv.slice(2);
if (command !== 'docker') {
  console.error('usage: node images/build/with-engine.ts docker ARGS…');
  process.exitCode = 2;
} else {
  const engine = await startEngine();
  try {
    process.exitCode = spawnSync(engine.docker, args, { env: engine.env, stdio: 'inherit' }).status ?? 1;
  } finally {
    await engine.stop();
  }
}
