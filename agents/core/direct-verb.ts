// The exec verbs (`init`, `ok`, `metrics`, `status`) straight from argv, without commander: a kubelet runs
// `ok` as a new process every probe period, and commander's import and command tree cost ~6 ms of an
// `ok`'s ~40 ms CPU (bench/README.md, Start-up of the exec verbs). node:util's parseArgs, part of Node's own
// start-up, reads the same flags from the same table (verbs.ts). Only a plain invocation is taken here —
// known flags, each at most once, well-formed values, no operands; anything else (help, a typo, a bad value, `--version`,
// the resident verbs) is left to commander, so every usage message and exit code stays commander's.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Env } from './env.ts';
import { runVerb } from './run-verb.ts';
import { optionKey, VERBS, type AgentProgramSpec, type ProgramIo, type VerbName } from './verbs.ts';

export interface DirectInvocation {
  readonly verb: VerbName;
  readonly options: Record<string, unknown>;
}

/** The verb and its options when argv is a plain exec-verb invocation; undefined when commander must parse it. */
export function directInvocation(argv: readonly string[]): DirectInvocation | undefined {
  const [verb, ...rest] = argv;
  if (verb === undefined || !Object.hasOwn(VERBS, verb)) return undefined;
  const definition = VERBS[verb as VerbName];
  if (!definition.direct) return undefined;

  const config: ParseArgsConfig['options'] = {};
  for (const flag of definition.flags) config[flag.long] = { type: flag.value ? 'string' : 'boolean' };
  const values = plainValues(rest, config);
  if (values === undefined) return undefined;

  // Commander's shape: switches false unless given, value flags present only when given.
  const options: Record<string, unknown> = {};
  for (const flag of definition.flags) {
    const given = values[flag.long];
    if (!flag.value) options[optionKey(flag)] = given === true;
    else if (typeof given === 'string') {
      if (!flag.check) options[optionKey(flag)] = given;
      else {
        const checked = flag.check.run(given);
        if (!checked.ok) return undefined;
        options[optionKey(flag)] = checked.value;
      }
    }
  }
  return { verb: verb as VerbName, options };
}

/**
 * The flags' values, or undefined when commander must parse them: an unknown flag, an operand, or a
 * flag given twice (commander checks every occurrence: `--timeout 0 --timeout=1` is a usage error there,
 * where parseArgs keeps only the last).
 */
function plainValues(
  args: readonly string[],
  config: ParseArgsConfig['options'],
): ReturnType<typeof parseArgs>['values'] | undefined {
  try {
    const { values, tokens } = parseArgs({
      args: [...args],
      options: config,
      strict: true,
      allowPositionals: false,
      tokens: true,
    });
    const names = (tokens as readonly { kind: string; name?: string }[]).flatMap((token) =>
      token.kind === 'option' ? [token.name] : [],
    );
    return new Set(names).size === names.length ? values : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a direct invocation's verb with the spec's implementation; resolves with the exit code. */
export function runDirect(
  spec: AgentProgramSpec,
  invocation: DirectInvocation,
  env: Env,
  io: ProgramIo,
): Promise<number> {
  const load = spec.verbs[invocation.verb] as AgentProgramSpec['verbs']['status'];
  return runVerb(spec.name, async () => (await load()).default(invocation.options, env, io), io);
}
