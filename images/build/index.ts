// `npm run images`: builds statefulset-agents/zookeeper:3.9.5, kafka:4.2.0 and kafka:3.9.1 on the local
// Docker engine, starting one (engine.ts) and base-image stand-ins (stand-ins.ts) where the host has none.
// `npm run images -- zookeeper` builds only the images whose tag contains that word.
import { buildAll, summary } from './build.ts';
import { startEngine } from './engine.ts';
import { ensureBaseImages } from './stand-ins.ts';
import { hostMachine } from '../../tools/machine.ts';

const words = process.argv.slice(2);
const started = Date.now();
// One machine for every install step, so that AS_IF_BARE_MACHINE=1 sees each package installed once.
const machine = hostMachine();
const engine = await startEngine(machine);
try {
  ensureBaseImages(engine, machine);
  const built = buildAll(
    engine,
    words.length ? (image) => words.some((word) => image.tag.includes(word)) : undefined,
  );
  console.log(`\nimages:\n${summary(built)}`);
  console.log(
    `npm run images: ${((Date.now() - started) / 1000).toFixed(0)} s in all (engine, base images, builds)`,
  );
} catch (error) {
  console.error(`npm run images failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await engine.stop();
}
