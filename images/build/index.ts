// `npm run images`: builds statefulset-agents/zookeeper:3.9.5, kafka:4.2.0 and kafka:3.9.1 on the local
// Docker engine, starting one (engine.ts) and base-image stand-ins (stand-ins.ts) where the host has none.
//   npm run images -- zookeeper                       only the images whose tag contains that word
//   npm run images -- --push REGISTRY/PREFIX          then tag and push them (push.ts)
import { parseArgs } from 'node:util';
import { buildAll, summary } from './build.ts';
import { startEngine } from './engine.ts';
import { checkPushTarget, pushAll } from './push.ts';
import { ensureBaseImages } from './stand-ins.ts';
import { hostMachine } from '../../tools/machine.ts';

function usage(): { words: string[]; target: string | undefined } | undefined {
  try {
    const { values, positionals } = parseArgs({
      options: { push: { type: 'string' } },
      allowPositionals: true,
    });
    return {
      words: positionals,
      target: values.push === undefined ? undefined : checkPushTarget(values.push),
    };
  } catch (error) {
    console.error(`npm run images: ${(error as Error).message}`);
    console.error('usage: npm run images -- [--push REGISTRY/PREFIX] [WORD…]');
    return undefined;
  }
}

const started = Date.now();
const asked = usage();
if (asked) await buildAndPush(asked.words, asked.target);
else process.exitCode = 2;

async function buildAndPush(words: string[], target: string | undefined): Promise<void> {
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
    if (target) {
      const pushed = pushAll(
        engine,
        built.map(({ image }) => image),
        target,
      );
      console.log(`pushed:\n${pushed.join('\n')}`);
    }
    console.log(
      `npm run images: ${((Date.now() - started) / 1000).toFixed(0)} s in all (engine, base images, builds${target ? ', push' : ''})`,
    );
  } catch (error) {
    console.error(`npm run images failed: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await engine.stop();
  }
}
