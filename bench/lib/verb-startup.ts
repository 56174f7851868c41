// The exec verbs' start-up against `node -e 0` (target: ≤ 1.10× in CPU and wall time), each verb twice:
// as the images run it (NODE_COMPILE_CACHE set to a cache the warm-up run fills, as the image build
// fills its own) and as the plain bundle (`node dist/<agent>.js …`, no cache). One interleaved run, so
// machine noise hits the baseline and every verb alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareAll, type NodeCommand } from './measure.ts';
import { ratioRow, type Row } from './table.ts';

export const STARTUP_GOAL = 1.1;

export interface VerbCommand {
  /** How the row names it, e.g. `zk-agent ok --ready`. */
  readonly name: string;
  readonly command: NodeCommand;
  /** A floor measured alongside the verbs: reported against `node -e 0`, with no goal of its own. */
  readonly floor?: boolean;
}

export function verbStartupRows(verbs: readonly VerbCommand[], runs: number): Row[] {
  const cacheDir = mkdtempSync(join(tmpdir(), 'bench-compile-cache-'));
  try {
    const cached = (command: NodeCommand): NodeCommand => ({
      ...command,
      env: { ...command.env, NODE_COMPILE_CACHE: cacheDir },
    });
    const { env, cwd } = verbs[0]!.command;
    const [node, ...samples] = compareAll(
      [
        { args: ['-e', '0'], env, cwd },
        ...verbs.map((v) => cached(v.command)),
        ...verbs.map((v) => v.command),
      ],
      runs,
    );
    const baseline = (key: 'cpuMs' | 'wallMs') => ({ name: 'node -e 0', value: node![key] });
    return verbs.flatMap(({ name, floor }, i) => {
      const image = samples[i]!;
      const plain = samples[verbs.length + i]!;
      const goal = floor ? undefined : STARTUP_GOAL;
      return [
        ratioRow(
          `${name}: CPU, image (compile cache; median of ${runs})`,
          image.cpuMs,
          baseline('cpuMs'),
          'ms',
          goal,
        ),
        ratioRow(`${name}: wall time, image`, image.wallMs, baseline('wallMs'), 'ms', goal),
        ratioRow(`${name}: CPU, plain bundle`, plain.cpuMs, baseline('cpuMs'), 'ms', goal),
        ratioRow(`${name}: wall time, plain bundle`, plain.wallMs, baseline('wallMs'), 'ms', goal),
      ];
    });
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
