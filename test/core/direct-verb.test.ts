// The exec verbs' direct path (agents/core/direct-verb.ts) reads argv without commander; it must take a
// plain invocation exactly as commander would, and leave everything else to commander. Both run here
// against one spec whose verbs only record what they were given, so what is compared is the verb and
// its options, for hand-picked argv and for generated ones built from the flags' own vocabulary.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { directInvocation } from '../../agents/core/direct-verb.ts';
import { runProgram } from '../../agents/core/program.ts';
import type { AgentProgramSpec, ProgramIo, VerbName } from '../../agents/core/verbs.ts';
import { propertyParameters } from '../generated/in-process-init.ts';

interface Parsed {
  readonly verb: VerbName;
  readonly options: unknown;
}

const quiet: ProgramIo = { stdout: { write: () => true }, stderr: { write: () => true } };

/** What commander chose for argv (verb and options), or its usage exit code when it chose none. */
async function commanderParse(argv: readonly string[]): Promise<Parsed | { code: number }> {
  let parsed: Parsed | undefined;
  const recording = (verb: VerbName) => () =>
    Promise.resolve({
      default: (options: unknown) => {
        parsed = { verb, options };
        return Promise.resolve(0);
      },
    });
  const spec: AgentProgramSpec = {
    name: 'test-agent',
    version: '0.0.0',
    description: 'records what it is given',
    verbs: {
      init: recording('init'),
      run: recording('run'),
      serve: recording('serve'),
      ok: recording('ok'),
      metrics: recording('metrics'),
      status: recording('status'),
    },
  };
  const code = await runProgram(spec, argv, {}, quiet);
  return parsed ?? { code };
}

describe('the direct path of the exec verbs', () => {
  it.each([
    [['ok']],
    [['ok', '--ready']],
    [['ok', '--ready', '--timeout', '500', '--hostname', 'zk-1']],
    [['ok', '--timeout=60000']],
    [['ok', '--hostname=']],
    [['init', '--dry-run', '--conf-dir', '/tmp/conf']],
    [['init', '--hostname=kafka-2', '--conf-dir=/x y']],
    [['metrics', '--raw', '--timeout', '250']],
    [['status', '--hostname', 'zk-0']],
    [['status', '--']],
  ])('takes %j with the options commander gives', async (argv) => {
    const direct = directInvocation(argv);
    expect(direct, 'a plain invocation is taken directly').toBeDefined();
    expect({ verb: direct!.verb, options: direct!.options }).toEqual(await commanderParse(argv));
  });

  it.each([
    [[]],
    [['--version']],
    [['--help']],
    [['ok', '--help']],
    [['ok', '-h']],
    [['ok', '--bogus']],
    [['ok', '--timeout', '0']],
    // A flag given twice: commander checks each occurrence, parseArgs would keep only the last.
    [['ok', '--timeout', '5', '--timeout', '7']],
    [['ok', '--timeout', '0', '--timeout=1']],
    [['ok', '--timeout', 'soon']],
    [['ok', '--timeout', '60001']],
    [['ok', '--timeout']],
    [['ok', '--ready=yes']],
    [['ok', 'extra']],
    [['ok', '--hostname', '--ready']],
    [['init', '--ready']],
    [['status', '--', 'extra']],
    [['run']],
    [['serve']],
    [['help', 'ok']],
    [['constructor']],
  ])('leaves %j to commander', (argv) => {
    expect(directInvocation(argv)).toBeUndefined();
  });

  it('agrees with commander on generated argv: whatever it takes, commander takes alike', async () => {
    const token = fc.oneof(
      fc.constantFrom('init', 'run', 'serve', 'ok', 'metrics', 'status', 'help', '--', '-', '-h'),
      fc.constantFrom('--ready', '--raw', '--dry-run', '--help', '--version', '--bogus'),
      fc.constantFrom('--timeout', '--hostname', '--conf-dir'),
      fc
        .tuple(fc.constantFrom('--timeout=', '--hostname=', '--conf-dir=', '--ready='), fc.string())
        .map(([flag, value]) => flag + value),
      fc.constantFrom('0', '1', '500', '60000', '60001', '-5', '1e3', ' 7', 'zk-0', ''),
      fc.string(),
    );
    const argv = fc.tuple(fc.constantFrom('init', 'ok', 'metrics', 'status', 'run'), fc.array(token));
    const { seed, numRuns } = propertyParameters(2_000);
    console.log(`direct path against commander: ${numRuns} argv, seed ${seed}`);
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(argv, async ([verb, rest]) => {
        const args = [verb, ...rest];
        const direct = directInvocation(args);
        if (!direct) return;
        taken++;
        expect({ verb: direct.verb, options: direct.options }).toEqual(await commanderParse(args));
      }),
      { seed, numRuns },
    );
    expect(taken, 'the generator reaches the direct path').toBeGreaterThan(numRuns / 20);
  });
});
