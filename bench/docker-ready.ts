// Time from `demo --docker --check` start to every pod Ready, as a newcomer meets it: cold (an empty
// engine: no images, no build cache, no volumes; the images built from the stand-in bases, which come
// from the cached debootstrap tarball) and warm (the images cached, the claim volumes kept from the run
// before), in ZooKeeper mode and KRaft. The demo runs as a child on the engine started here (DOCKER_HOST),
// and prints its own progress with the seconds since it started: the images built, each StatefulSet
// Ready. "Cold" empties the engine, so it runs only on the engine of this work tree's .docker/, never on
// one found through DOCKER_HOST or the default socket.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEngine, type Engine } from '../images/build/engine.ts';
import { REPO_ROOT } from '../images/build/paths.ts';
import { fmt, ratio, type Row } from './lib/table.ts';

const OURS = `unix://${join(REPO_ROOT, '.docker', 'docker.sock')}`;
const RUN_MS = 900_000;

interface DemoRun {
  /** Seconds since the demo started, from its own lines. */
  readonly images: number;
  readonly ready: number;
  readonly stages: string;
}

function emptyEngine(engine: Engine): void {
  const docker = (args: string[]) => spawnSync(engine.docker, args, { env: engine.env, encoding: 'utf8' });
  const containers = docker(['ps', '-aq']).stdout.split('\n').filter(Boolean);
  if (containers.length > 0) docker(['rm', '-f', ...containers]);
  // 20.10: -a every image, --volumes every unused volume; the build cache goes with them.
  const pruned = docker(['system', 'prune', '-a', '-f', '--volumes']);
  if (pruned.status !== 0) throw new Error(`docker system prune: ${pruned.stderr}`);
  docker(['builder', 'prune', '-a', '-f']);
  const left = docker(['image', 'ls', '-q']).stdout.trim();
  if (left) throw new Error(`images left after the prune: ${left}`);
}

function runDemo(engine: Engine, args: readonly string[]): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['tools/demo.ts', '--docker', '--check', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...engine.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGINT'), RUN_MS);
    child.once('close', (status) => {
      clearTimeout(timer);
      // The whole output, for reading what a figure is made of (the runner's events, each stage's time).
      mkdirSync(join(REPO_ROOT, '.tmp'), { recursive: true });
      writeFileSync(
        join(REPO_ROOT, '.tmp', `docker-ready-${args.join('') || 'zk'}-${Date.now()}.log`),
        output,
      );
      const at = (pattern: RegExp) => Number(pattern.exec(output)?.[1]);
      const images = at(/^\[([\d.]+) s\] images built$/m);
      const ready = at(/^all pods Ready after ([\d.]+) s$/m);
      const stages = [...output.matchAll(/^\[([\d.]+) s\] StatefulSet (\S+): every pod Ready$/gm)]
        .map((match) => `${match[2]} ${match[1]} s`)
        .join(', ');
      if (status !== 0 || Number.isNaN(ready))
        reject(
          new Error(
            `demo ${args.join(' ')} exited ${status}: ${output.trimEnd().split('\n').slice(-5).join(' | ')}`,
          ),
        );
      else resolve({ images, ready, stages });
    });
  });
}

export async function benchDockerReady(): Promise<Row[]> {
  const engine = await startEngine();
  const rows: Row[] = [];
  try {
    if (engine.env.DOCKER_HOST !== OURS)
      throw new Error(
        `the engine at ${engine.env.DOCKER_HOST ?? 'the default socket'} is not this work tree's: not emptying it`,
      );
    for (const [mode, args] of [
      ['ZooKeeper mode', []],
      ['KRaft', ['--kraft']],
    ] as const) {
      process.stderr.write(`bench: docker-ready, ${mode}, cold (emptying the engine)…\n`);
      emptyEngine(engine);
      const cold = await runDemo(engine, args);
      process.stderr.write(`bench: docker-ready, ${mode}, warm…\n`);
      // The warm run takes the cold run's volumes and removes them when it ends.
      const warm = await runDemo(engine, [...args, '--remove-volumes']);
      const describe = (run: DemoRun) => `images built at ${fmt(run.images, 's')}; Ready: ${run.stages}`;
      rows.push(
        {
          name: `demo --docker ${args.join(' ')} start → all pods Ready, cold`.replace('  ', ' '),
          value: fmt(cold.ready, 's'),
          baseline: describe(cold),
          ratio: '-',
          goal: '-',
          met: undefined,
        },
        {
          name: `demo --docker ${args.join(' ')} start → all pods Ready, warm`.replace('  ', ' '),
          value: fmt(warm.ready, 's'),
          baseline: `cold: ${fmt(cold.ready, 's')}; ${describe(warm)}`,
          ratio: ratio(warm.ready, cold.ready),
          goal: '-',
          met: undefined,
        },
      );
    }
  } finally {
    await engine.stop();
  }
  return rows;
}
