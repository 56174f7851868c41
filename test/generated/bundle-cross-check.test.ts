// The in-process runs stand for the real thing only if the bundle behaves the same: a few generated
// cases per agent go through both `node dist/<agent>.js init` (spawned, as a pod runs it) and the
// in-process entry, in the same directory, and must end alike: exit code, error text and files written.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentProgramSpec } from '../../agents/core/verbs.ts';
import { kafkaProgramSpec } from '../../agents/kafka/program-spec.ts';
import { zkProgramSpec } from '../../agents/zk/program-spec.ts';
import { ensureBuilt, runAgentAsync, type AgentName } from '../../tools/harness/run-agent.ts';
import { ROOT, type Setting } from './arbitraries.ts';
import {
  applySetting,
  makeSuiteDir,
  propertyParameters,
  runInit,
  snapshot,
  type CaseDir,
} from './in-process-init.ts';
import { kafkaCase } from './kafka-cases.ts';
import { zkCase } from './zk-cases.ts';

const CASES = 40;
let suite: ReturnType<typeof makeSuiteDir>;
beforeAll(() => {
  ensureBuilt('zk-agent');
  suite = makeSuiteDir('bundle-cross-check');
});
afterAll(() => suite.remove());

interface Generic {
  readonly hostname: string;
  readonly settings: Readonly<Record<string, Setting>>;
  readonly noise: Readonly<Record<string, string>>;
}

/** A fixed directory per case, emptied before each run, so both runs see the same paths. */
function freshDir(path: string): CaseDir {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(join(path, 'secrets'), { recursive: true });
  return {
    root: path,
    secrets: join(path, 'secrets'),
    place: (value) => value.replaceAll(ROOT, path),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

function environment(c: Generic, dir: CaseDir, defaults: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  // No generated LANG/LC_*: node itself dies of SIGSEGV before any agent code runs (V8 Isolate::Init →
  // DefaultLocale → icu::Locale(), gdb) when LANG, LC_ALL or LC_MESSAGES is a bare language of 12 or more
  // characters (LANG=aaaaaaaaaaaa) or `en_`/`en_US@` plus 180 or more (Node 24.21, ICU 78.3; first seen
  // as seeds 157799088, 330344854). A runtime limit, not the agent's; the in-process suites keep that noise.
  for (const [name, value] of Object.entries(c.noise))
    if (!/^(LANG|LC_[A-Z]+)$/.test(name)) env[name] = dir.place(value);
  for (const [name, s] of Object.entries(c.settings)) applySetting(env, name, s, dir);
  for (const [name, value] of Object.entries(defaults))
    if (env[name] === undefined && env[`${name}_FILE`] === undefined) env[name] = value;
  return env;
}

async function bothWays(
  agent: AgentName,
  spec: AgentProgramSpec,
  c: Generic,
  path: string,
  defaults: string[],
) {
  const run = async (how: 'bundle' | 'in-process') => {
    const dir = freshDir(path);
    const env = environment(c, dir, Object.fromEntries(defaults.map((name) => [name, join(path, name)])));
    const args = [`--hostname=${c.hostname}`, `--conf-dir=${join(path, 'conf')}`];
    // A NUL cannot be passed to a process at all (execve), so such a case is in-process only.
    if ([...Object.entries(env).flat(), ...args].some((text) => text.includes('\u0000'))) return undefined;
    const result =
      how === 'bundle'
        ? await runAgentAsync(agent, ['init', ...args], { env: env as Record<string, string> })
        : await runInit(spec, env, args);
    const code =
      'status' in result
        ? (result.status ?? `killed by ${result.signal} after ${Math.round(result.elapsedMs)} ms`)
        : result.code;
    // The bundle's stderr also carries its JSON log lines; in-process they go to their own sink.
    const stderr = result.stderr
      .split('\n')
      .filter((line) => !line.startsWith('{'))
      .join('\n');
    return { code, stderr, files: snapshot(dir) };
  };
  return { bundle: await run('bundle'), inProcess: await run('in-process') };
}

describe('the in-process init runs the bundle would', () => {
  for (const [agent, spec, arbitrary, defaults] of [
    ['zk-agent', zkProgramSpec, zkCase.map((c) => ({ ...c, hostname: c.host.hostname })), ['ZK_DATA_DIR']],
    [
      'kafka-agent',
      kafkaProgramSpec,
      kafkaCase.map((c) => ({
        ...c,
        hostname: c.host.hostname,
        settings: { ...c.settings, ...c.properties },
      })),
      ['KAFKA_LOG_DIRS'],
    ],
  ] as const) {
    it(`${agent}: the spawned bundle and the in-process entry end alike on generated pods`, async () => {
      const { seed } = propertyParameters(CASES);
      console.log(`${agent} bundle cross-check: ${CASES} cases, seed ${seed}`);
      let compared = 0;
      await fc.assert(
        fc.asyncProperty(arbitrary as fc.Arbitrary<Generic>, async (c) => {
          const both = await bothWays(agent, spec, c, join(suite.path, agent), [...defaults]);
          if (!both.bundle || !both.inProcess) return;
          compared++;
          expect(both.inProcess.code).toBe(both.bundle.code);
          expect(both.inProcess.stderr).toBe(both.bundle.stderr);
          expect(both.inProcess.files).toEqual(both.bundle.files);
        }),
        { seed, numRuns: CASES },
      );
      expect(compared).toBeGreaterThan(CASES / 2);
    }, 120_000);
  }
});
