// The stand-in the Kafka bundle gives @platformatic/kafka for its Ajv2020 (.config/build.ts): nothing is
// built at `new` and addKeyword, and the first real use gets an instance that behaves as the real one.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { lazyClass } from '../../agents/core/lazy-instance.ts';

function lazyAjv() {
  const loads = { count: 0 };
  const Lazy = lazyClass(() => {
    loads.count++;
    return Ajv2020;
  }, ['addKeyword']);
  return { Lazy, loads };
}

describe('lazyClass (the protocol library ajv instance, built on first use)', () => {
  it('builds nothing at construction and for recorded calls, which return the stand-in', () => {
    const { Lazy, loads } = lazyAjv();
    const ajv = new Lazy({ allErrors: true, strict: true });
    const bigint = { keyword: 'bigint', validate: (_: unknown, x: unknown) => typeof x === 'bigint' };
    expect(ajv.addKeyword(bigint)).toBe(ajv);
    expect(loads.count).toBe(0);
  });

  it('replays the recorded keywords, in order, on the instance the first real use builds, once', () => {
    const { Lazy, loads } = lazyAjv();
    const ajv = new Lazy({ allErrors: true, strict: true });
    ajv.addKeyword({ keyword: 'bigint', validate: (_: unknown, x: unknown) => typeof x === 'bigint' });
    ajv.addKeyword({ keyword: 'even', validate: (_: unknown, x: unknown) => Number(x) % 2 === 0 });
    const validate = ajv.compile({ type: 'object', properties: { id: { bigint: true }, n: { even: true } } });
    expect(validate({ id: 1n, n: 2 })).toBe(true);
    expect(validate({ id: 1, n: 3 })).toBe(false);
    expect(validate.errors?.map((error) => error.keyword)).toEqual(['bigint', 'even']);
    expect(ajv.getSchema('nope')).toBeUndefined();
    expect(loads.count).toBe(1);
  });

  it('passes the constructor options on (strict mode rejects an unknown keyword)', () => {
    const { Lazy } = lazyAjv();
    const ajv = new Lazy({ strict: true });
    expect(() => ajv.compile({ type: 'string', unknownKeyword: 1 })).toThrow(/unknown keyword/);
    const loose = new Lazy({ strict: false });
    expect(loose.compile({ type: 'string', unknownKeyword: 1 })('x')).toBe(true);
  });

  it('after it is built, a keyword added goes straight to the real instance', () => {
    const { Lazy } = lazyAjv();
    const ajv = new Lazy({ strict: true });
    expect(ajv.validate({ type: 'number' }, 1)).toBe(true);
    ajv.addKeyword({ keyword: 'odd', validate: (_: unknown, x: unknown) => Number(x) % 2 === 1 });
    expect(ajv.validate({ odd: true }, 2)).toBe(false);
    expect('compile' in ajv).toBe(true);
  });
});
