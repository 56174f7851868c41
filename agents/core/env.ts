// Environment parsing on zod, once, at a command's entry (like fastify's initial-config-validation):
// the result is a frozen object and nothing else reads process.env. Rules shared by both agents:
//  - an empty string is the same as unset (Kubernetes renders `value: ""` for an absent ConfigMap key);
//  - `<VAR>_FILE` reads the value from a file (Kubernetes Secrets mounted as files);
//  - every problem is one line that names the variable and shows a valid value.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
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
  readonly schema: z.ZodType<T, string | undefined>;
  readonly doc: VariableDoc;
}

type Check<T> = (raw: string) => { ok: true; value: T } | { ok: false; message: string };

/** Builds a variable from a check of its trimmed text; `fallback` undefined means required. */
function variable<T>(check: Check<T>, doc: VariableDoc, fallback?: T | (() => T)): Variable<T> {
  const parsed = z.string().transform((raw, ctx) => {
    const result = check(raw.trim());
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });
  const withFallback =
    fallback === undefined
      ? parsed
      : parsed
          .optional()
          .transform((value) =>
            value !== undefined ? value : typeof fallback === 'function' ? (fallback as () => T)() : fallback,
          );
  const schema = z.preprocess((raw) => (raw === '' ? undefined : raw), withFallback) as unknown as z.ZodType<
    T,
    string | undefined
  >;
  return { schema, doc: { ...doc, required: fallback === undefined && doc.defaultText === undefined } };
}

/** Optional with no default: the parsed value is undefined when unset. */
function optional<T>(check: Check<T>, doc: VariableDoc): Variable<T | undefined> {
  const parsed = z.string().transform((raw, ctx) => {
    const result = check(raw.trim());
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });
  const schema = z.preprocess(
    (raw) => (raw === '' ? undefined : raw),
    parsed.optional(),
  ) as unknown as z.ZodType<T | undefined, string | undefined>;
  return { schema, doc: { ...doc, required: false } };
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

export function choiceCheck<const T extends string>(choices: readonly T[], caseInsensitive = true): Check<T> {
  return (raw) => {
    const found = choices.find((choice) =>
      caseInsensitive ? choice.toLowerCase() === raw.toLowerCase() : choice === raw,
    );
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
      return { ok: false, message: `has ${JSON.stringify(bad)}, but each item must be ${itemWords}` };
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
  required<T>(check: Check<T>, doc: Doc) {
    return variable(check, doc);
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
  for (const name of Object.keys(definitions)) {
    const fromFile = env[`${name}_FILE`];
    if (fromFile !== undefined && fromFile !== '') {
      if (env[name] !== undefined && env[name] !== '') {
        problems.push(`${name} and ${name}_FILE are both set: keep one (the _FILE form for secrets)`);
        continue;
      }
      try {
        input[name] = readFile(fromFile);
      } catch (error) {
        problems.push(
          `${name}_FILE=${fromFile}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error})`,
        );
      }
    } else {
      input[name] = env[name];
    }
  }
  const shape = Object.fromEntries(Object.entries(definitions).map(([name, v]) => [name, v.schema]));
  const result = z.object(shape).safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = String(issue.path[0]);
      problems.push(describeProblem(name, definitions[name]!.doc, input[name], issue.message));
    }
  }
  if (problems.length > 0) {
    throw new AgentError('AGENT_ERR_ENV_INVALID', problems.join('\n'));
  }
  return Object.freeze(result.data) as Parsed<V>;
}

function describeProblem(name: string, doc: VariableDoc, raw: string | undefined, message: string): string {
  const example = `(e.g. ${name}=${doc.example})`;
  if (raw === undefined) return `${name} is required: ${doc.description} ${example}`;
  const shown = doc.secret ? '<secret>' : JSON.stringify(raw);
  return `${name}=${shown} ${message} ${example}`;
}

/** Secret files usually end with a newline that is not part of the value. */
export function readSecretFile(path: string): string {
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
}
