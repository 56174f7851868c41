// A class whose instances are built on first use. The Kafka bundle swaps @platformatic/kafka's Ajv2020 for
// this (.config/build.ts): the library builds one ajv instance when it is imported, for its clients'
// option schemas, which the agent never uses; building it cost an exec readiness probe ~8 ms of its
// library's ~11 ms initialisation.

type Constructor = new (...args: never[]) => object;

/**
 * A stand-in for `load()`'s class: `new Lazy(...args)` builds nothing yet. Calls of the `recorded`
 * methods (ones that configure the instance and return it, such as ajv's addKeyword) are kept and
 * replayed in order on the real instance; any other use (a property read, a write, `in`) builds
 * `new (load())(...args)` and goes to it. Methods run with the real instance as `this`.
 */
export function lazyClass<C extends Constructor>(load: () => C, recorded: readonly string[]): C {
  function Lazy(...args: ConstructorParameters<C>): object {
    const pending: { name: string; args: unknown[] }[] = [];
    let real: Record<PropertyKey, unknown> | undefined;
    const build = (): Record<PropertyKey, unknown> => {
      if (real) return real;
      const Real = load();
      real = new Real(...args) as Record<PropertyKey, unknown>;
      for (const call of pending.splice(0))
        (real[call.name] as (...a: unknown[]) => unknown).apply(real, call.args);
      return real;
    };
    const stand: object = new Proxy(
      {},
      {
        get(_, name) {
          if (!real && typeof name === 'string' && recorded.includes(name)) {
            return (...callArgs: unknown[]) => {
              pending.push({ name, args: callArgs });
              return stand;
            };
          }
          const instance = build();
          const value = instance[name];
          return typeof value === 'function' ? (value as () => unknown).bind(instance) : value;
        },
        set: (_, name, value) => Reflect.set(build(), name, value),
        has: (_, name) => name in build(),
      },
    );
    return stand;
  }
  return Lazy as unknown as C;
}
