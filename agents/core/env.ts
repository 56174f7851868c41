// Environment parsing on zod, once, at a command's entry (like fastify's initial-config-validation):
// the result is a frozen object and nothing else reads process.env. Rules shared by both agents:
//  - a blank value is the same as unset (Kubernetes renders `value: ""` for an absent ConfigMap key),
//    and so is a `<VAR>_FILE` whose file is blank (an empty Secret key);
//  - `<VAR>_FILE` reads the value from a file (Kubernetes Secrets mounted as files), never echoed in errors;
//  - every problem is one line that names the variable and shows a valid value.
import { readFileSync } from 'node:fs';
// zod/mini: the same validation engine without the chaining API, a tenth of the bundle (startup matters
// for exec probes and `init`).
import * as z from 'zod/mini';
import { AgentError } from './errors.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** What the README says about a variable; generated into its table so docs and schema cannot drift. */
export interface VariableDoc {
  readonly description: string;
  /** A valid value, shown in every error about this variable. */
  readonly example: string;
  /** The default as an operator would write it; undefined = required or optional without default. */
  readonly defaultText?: string;
  readonly required?: boolean;
  /** Never echoed in errors, logs or metrics. */
  readonly secret?: boolean;
}

export interface Variable<T> {
  readonly schema: z.ZodMiniType<T>;
  readonly doc: VariableDoc;
}

/**
 * A check's verdict. A failure's `message` never contains the value itself: the part at fault goes in
 * `offending`, which errors show only when the value is not a secret (not from a `<VAR>_FILE`).
 */
export type Check<T> = (
  raw: string,
) => { ok: true; value: T } | { ok: false; message: string; offending?: string };

/** A string run through `check` (after trimming); its message becomes the zod issue. */
function checked<T>(check: Check<T>) {
  return z.pipe(
    z.string(),
    z.transform((raw: string, ctx) => {
      const result = check(raw.trim());
      if (result.ok) return result.value;
      ctx.issues.push({
        code: 'custom',
        message: result.message,
        input: raw,
        params: { offending: result.offending },
      });
      return z.NEVER as T;
    }),
  );
}

/** Builds a variable from a check; `fallback` undefined means required. (Blank values never reach the
 * schema: parseEnv turns them into undefined first.) */
function variable<T>(check: Check<T>, doc: VariableDoc, fallback?: T): Variable<T> {
  const inner =
    fallback === undefined
      ? checked(check)
      : z.pipe(
          z.optional(checked(check)),
          z.transform((value: unknown) => (value === undefined ? fallback : (value as T))) as never,
        );
  return {
    schema: inner as unknown as z.ZodMiniType<T>,
    doc: { ...doc, required: fallback === undefined && doc.defaultText === undefined },
  };
}

/** Optional with no default: the parsed value is undefined when unset. */
function optional<T>(check: Check<T>, doc: VariableDoc): Variable<T | undefined> {
  return {
    schema: z.optional(checked(check)) as unknown as z.ZodMiniType<T | undefined>,
    doc: { ...doc, required: false },
  };
}

// --- checks -------------------------------------------------------------------------------------------

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAK_OR_CONTROL = /[\u0000-\u001f\u007f]/;

export function integerCheck(min: number, max: number): Check<number> {
  return (raw) => {
    if (!/^[+-]?\d+$/.test(raw))
      return { ok: false, message: `must be a whole number from ${min} to ${max}` };
    const value = Number(raw);
    if (value < min || value > max) return { ok: false, message: `must be from ${min} to ${max}` };
    return { ok: true, value };
  };
}

/** One line of printable text; optionally restricted by a pattern described in words. */
export function textCheck(pattern?: RegExp, patternWords?: string): Check<string> {
  return (raw) => {
    if (LINE_BREAK_OR_CONTROL.test(raw))
      return {
        ok: false,
        message: 'must be one line of printable text (it contains a line break or control character)',
      };
    if (pattern && !pattern.test(raw))
      return { ok: false, message: `must be ${patternWords ?? `like ${pattern}`}` };
    return { ok: true, value: raw };
  };
}

/** One of `choices`, in any letter case (INFO, info and Info all mean INFO). */
export function choiceCheck<const T extends string>(choices: readonly T[]): Check<T> {
  return (raw) => {
    const found = choices.find((choice) => choice.toLowerCase() === raw.toLowerCase());
    return found
      ? { ok: true, value: found }
      : { ok: false, message: `must be one of ${choices.join(', ')}` };
  };
}

export function listCheck(itemPattern: RegExp, itemWords: string): Check<readonly string[]> {
  return (raw) => {
    const text = textCheck()(raw);
    if (!text.ok) return text;
    const items = raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    const bad = items.find((item) => !itemPattern.test(item));
    if (bad !== undefined)
      return { ok: false, message: `has an item that is not ${itemWords}`, offending: bad };
    return { ok: true, value: Object.freeze(items) };
  };
}

// --- variable builders ----------------------------------------------------------------------------------

type Doc = Omit<VariableDoc, 'defaultText' | 'required'>;

export const vars = {
  integer(min: number, max: number, fallback: number | undefined, doc: Doc & { defaultText?: string }) {
    return variable(integerCheck(min, max), { defaultText: fallback?.toString(), ...doc }, fallback);
  },
  /** An integer whose default depends on other settings (resolved by the caller). */
  optionalInteger(min: number, max: number, doc: Doc & { defaultText: string }) {
    return optional(integerCheck(min, max), doc);
  },
  port(fallback: number, doc: Doc) {
    return variable(integerCheck(1, 65535), { defaultText: String(fallback), ...doc }, fallback);
  },
  text(fallback: string, doc: Doc & { pattern?: RegExp; patternWords?: string }) {
    const { pattern, patternWords, ...rest } = doc;
    return variable(textCheck(pattern, patternWords), { defaultText: fallback, ...rest }, fallback);
  },
  choice<const T extends string>(choices: readonly T[], fallback: T, doc: Doc) {
    return variable(choiceCheck(choices), { defaultText: fallback, ...doc }, fallback);
  },
  /** A value with a default, checked by `check`; `defaultText` says the default in the README's words. */
  custom<T>(check: Check<T>, fallback: T, doc: Doc & { defaultText: string }) {
    return variable(check, doc, fallback);
  },
  /** Optional with no default: undefined when unset. */
  optional<T>(check: Check<T>, doc: Doc) {
    return optional(check, doc);
  },
};

// --- parsing ----------------------------------------------------------------------------------------------

export type Variables = Readonly<Record<string, Variable<unknown>>>;
export type Parsed<V extends Variables> = {
  readonly [K in keyof V]: V[K] extends Variable<infer T> ? T : never;
};

/**
 * Parses every variable of `definitions` from `env`. All problems are reported at once, one line each,
 * in a single AgentError, so an operator fixes the StatefulSet in one round.
 */
export function parseEnv<V extends Variables>(
  definitions: V,
  env: Env,
  readFile = readSecretFile,
): Parsed<V> {
  const problems: string[] = [];
  const input: Record<string, string | undefined> = {};
  // Variables already reported (both forms set, unreadable file): zod would add a second, misleading
  // line for them ("is required"), so their schema issues are skipped.
  const reported = new Set<string>();
  // Values read from a <VAR>_FILE are secrets by intent: an error names the file, never echoes the value.
  const fromFiles = new Set<string>();
  // Blank files count as unset, like blank values; a "required" error then names the file that was empty.
  const emptyFiles = new Set<string>();
  for (const name of Object.keys(definitions)) {
    const fromFile = blankToUndefined(env[`${name}_FILE`]);
    if (fromFile === undefined) {
      input[name] = blankToUndefined(env[name]);
      continue;
    }
    if (blankToUndefined(env[name]) !== undefined) {
      problems.push(`${name} and ${name}_FILE are both set: keep one (the _FILE form for secrets)`);
      reported.add(name);
      continue;
    }
    try {
      input[name] = blankToUndefined(readFile(fromFile));
      fromFiles.add(name);
      if (input[name] === undefined) emptyFiles.add(name);
    } catch (error) {
      problems.push(
        `${name}_FILE=${shownPath(fromFile)}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error})`,
      );
      reported.add(name);
    }
  }
  const shape = Object.fromEntries(Object.entries(definitions).map(([name, v]) => [name, v.schema]));
  const result = z.safeParse(z.object(shape), input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = String(issue.path[0]);
      if (reported.has(name)) continue;
      const doc = definitions[name]!.doc;
      const hidden = doc.secret
        ? '<secret>'
        : fromFiles.has(name)
          ? `<from ${shownPath(env[`${name}_FILE`]!)}>`
          : undefined;
      const offending = (issue as { params?: { offending?: string } }).params?.offending;
      const emptyFile = emptyFiles.has(name) ? shownPath(env[`${name}_FILE`]!) : undefined;
      problems.push(describeProblem(name, doc, input[name], issue.message, { hidden, offending, emptyFile }));
    }
  }
  if (problems.length > 0) {
    throw new AgentError('AGENT_ERR_ENV_INVALID', problems.join('\n'));
  }
  return Object.freeze(result.data) as Parsed<V>;
}

/**
 * Blank is unset: Kubernetes renders `value: ""` for an absent ConfigMap key, and a value of only spaces
 * is no more meaningful; either way the default applies, or "is required" is the error.
 */
function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** One line: the variable, its value (unless hidden), what is wrong with it, and a valid value. */
function describeProblem(
  name: string,
  doc: VariableDoc,
  raw: string | undefined,
  message: string,
  { hidden, offending, emptyFile }: { hidden?: string; offending?: string; emptyFile?: string },
): string {
  const example = `(e.g. ${name}=${doc.example})`;
  if (raw === undefined && emptyFile !== undefined)
    return `${name}_FILE=${emptyFile} is empty and ${name} is required: ${doc.description} ${example}`;
  if (raw === undefined) return `${name} is required: ${doc.description} ${example}`;
  const value = hidden ?? JSON.stringify(raw);
  const part = offending !== undefined && hidden === undefined ? `: ${JSON.stringify(offending)}` : '';
  return `${name}=${value} ${message}${part}${serviceLinkHint(raw)} ${example}`;
}

/**
 * Kubernetes injects `<SERVICE>_PORT=tcp://…` for every Service in the namespace: a Service named
 * zk-client turns ZK_CLIENT_PORT into `tcp://10.0.0.1:2181` (cp-docker-images #388).
 */
function serviceLinkHint(raw: string): string {
  return /^tcp:\/\//.test(raw.trim())
    ? ' (this looks like a Kubernetes service link: set enableServiceLinks: false in the pod spec)'
    : '';
}

/**
 * A `<VAR>_FILE` path in an error: as written, unless it holds a line break or control character, which
 * would split the one line per problem (and could forge a line): then quoted, escapes visible.
 */
export function shownPath(path: string): string {
  return LINE_BREAK_OR_CONTROL.test(path) ? JSON.stringify(path) : path;
}

/** Secret files usually end with a newline that is not part of the value. */
export function readSecretFile(path: string): string {
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
}
