// The node flags an image gives its resident agent (`run`, `serve`), read from the image's own wrapper
// (images/<image>/bin/<agent>), so the benchmarks measure the agent as the pods run it and cannot
// drift from what ships.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../tools/harness/run-agent.ts';

/** BENCH_AGENT_FLAGS (e.g. "--max-semi-space-size=1 --lite-mode") replaces them, to try flags out. */
export function residentNodeFlags(image: 'zookeeper' | 'kafka'): string[] {
  const trying = process.env.BENCH_AGENT_FLAGS;
  if (trying !== undefined) return trying.split(/\s+/).filter(Boolean);
  const agent = image === 'zookeeper' ? 'zk-agent' : 'kafka-agent';
  const wrapper = join(REPO_ROOT, 'images', image, 'bin', agent);
  const line = /^\s*run \| serve\) flags=(?:"([^"]*)"|(\S*));/m.exec(readFileSync(wrapper, 'utf8'));
  if (!line) throw new Error(`${wrapper}: no "run | serve) flags=…;" line to read the resident flags from`);
  return (line[1] ?? line[2] ?? '').split(/\s+/).filter(Boolean);
}
