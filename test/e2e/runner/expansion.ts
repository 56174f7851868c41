// `$(VAR)` expansion exactly as the kubelet does it for env values, command and args: a port of
// Kubernetes' third_party/forked/golang/expansion/expand.go (Expand, tryReadVariableName,
// MappingFuncFor). Kubernetes leaves what it cannot expand as it was, so a typo in a manifest reaches
// the container verbatim; imitating that (instead of failing) is what lets the tests see such slips.
//
// - `$(NAME)` → the value when NAME is mapped, else `$(NAME)` unchanged;
// - `$$` → `$` (so `$$(NAME)` is the literal `$(NAME)`);
// - `$(` without a closing `)` and `$` before any other character are copied unchanged;
// - a lone `$` at the end stays.

/** What `$(name)` becomes, or undefined to leave the reference as written. */
export type Mapping = (name: string) => string | undefined;

/** A mapping over several maps, the first that has the name winning (MappingFuncFor). */
export function mappingFor(...maps: ReadonlyMap<string, string>[]): Mapping {
  return (name) => {
    for (const map of maps) if (map.has(name)) return map.get(name);
    return undefined;
  };
}

export function expand(input: string, mapping: Mapping): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const { read, isVar, advance } = readVariableName(input.slice(cursor + 1));
    out += isVar ? (mapping(read) ?? `$(${read})`) : read;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** `input` is what follows a `$`; `advance` is how many of its characters were consumed. */
function readVariableName(input: string): { read: string; isVar: boolean; advance: number } {
  if (input[0] === '$') return { read: '$', isVar: false, advance: 1 };
  if (input[0] === '(') {
    const close = input.indexOf(')', 1);
    if (close >= 0) return { read: input.slice(1, close), isVar: true, advance: close + 1 };
    // Incomplete reference: Kubernetes copies `$(` and goes on scanning after it.
    return { read: '$(', isVar: false, advance: 1 };
  }
  return { read: `$${input[0]}`, isVar: false, advance: 1 };
}
