// Runs an agent's `init` in-process the way its bundle does (runAgent: argv parsing, error formatting,
// the exit code), with the case's environment, hostname and a temp dir, and everything it prints caught
// in buffers: thousands of generated cases in seconds instead of a node process each.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runAgent } from '../../agents/core/entry.ts';
import type { AgentProgramSpec, TextSink } from '../../agents/core/verbs.ts';
import { ROOT, type FileSpec, type Setting } from './arbitraries.ts';

export interface InitRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly log: string;
}

function buffer(): TextSink & { text: string } {
  return {
    text: '',
    write(text: string) {
      this.text += text;
      return true;
    },
  };
}

export async function runInit(
  spec: AgentProgramSpec,
  env: Record<string, string>,
  args: readonly string[],
): Promise<InitRun> {
  const stdout = buffer();
  const stderr = buffer();
  const log = buffer();
  const code = await runAgent(spec, ['init', ...args], env, { stdout, stderr, log });
  return { code, stdout: stdout.text, stderr: stderr.text, log: log.text };
}

/** A case's own directory; secrets (`<VAR>_FILE`) live apart from what init may write. */
export interface CaseDir {
  readonly root: string;
  readonly secrets: string;
  /** `{root}` in a generated value → this case's directory. */
  place(value: string): string;
  remove(): void;
}

export function makeCaseDir(base: string): CaseDir {
  const root = mkdtempSync(join(base, 'c-'));
  const secrets = join(root, 'secrets');
  mkdirSync(secrets);
  return {
    root,
    secrets,
    place: (value) => value.replaceAll(ROOT, root),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function makeSuiteDir(prefix: string): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Puts a variable's setting into `env` (and its secret file on disk), as a pod spec would. */
export function applySetting(
  env: Record<string, string>,
  name: string,
  setting: Setting,
  dir: CaseDir,
): void {
  if (setting.via === 'env' || setting.via === 'both') env[name] = dir.place(setting.value);
  if (setting.via === 'file' || setting.via === 'both') {
    env[`${name}_FILE`] = writeSecret(dir, name, setting.file);
  }
}

function writeSecret(dir: CaseDir, name: string, file: FileSpec): string {
  const path = join(dir.secrets, name);
  if (file.kind === 'file') writeFileSync(path, dir.place(file.content));
  if (file.kind === 'directory') mkdirSync(path);
  return path;
}

/** The value a setting gives the agent: what `<VAR>_FILE` holds without its final newline, or the env value. */
export function effectiveRaw(setting: Setting | undefined, dir: CaseDir): string | undefined {
  if (!setting) return undefined;
  if (setting.via === 'env') return dir.place(setting.value);
  if (setting.via === 'file' && setting.file.kind === 'file')
    return dir.place(setting.file.content).replace(/\r?\n$/, '');
  return undefined;
}

/** Every file and directory below `root` (secrets aside), with file contents: to prove nothing changed. */
export function snapshot(dir: CaseDir): Map<string, string> {
  const seen = new Map<string, string>();
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (full === dir.secrets) continue;
      const name = relative(dir.root, full);
      if (entry.isDirectory()) {
        seen.set(`${name}/`, '');
        walk(full);
      } else seen.set(name, readFileSync(full, 'latin1'));
    }
  };
  walk(dir.root);
  return seen;
}

/** The paths that differ between two snapshots (added, removed or changed). */
export function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed = new Set<string>();
  for (const [path, content] of after) if (before.get(path) !== content) changed.add(path);
  for (const path of before.keys()) if (!after.has(path)) changed.add(path);
  return [...changed].sort();
}

/** `FC_SEED` replays a failing run; `FC_RUNS` changes the count (e.g. 100000 for a long night). */
export function propertyParameters(defaultRuns: number): { seed: number; numRuns: number } {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() ^ (Math.random() * 2 ** 31);
  const numRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : defaultRuns;
  return { seed, numRuns };
}
