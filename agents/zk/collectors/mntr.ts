/** One `zk_<key>\t<value>` line of mntr, with the key split into name and Prometheus-provider labels. */
export interface MntrEntry {
  /** Key without `zk_` and without `{…}`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly raw: string;
  /** Undefined when the value is not a number (zk_version, zk_server_state, zk_peer_state). */
  readonly value: number | undefined;
}

/** Parsed mntr, keyed by the full key as printed (order of the reply is not meaningful). */
export type Mntr = ReadonlyMap<string, MntrEntry>;

// With the Prometheus metrics provider (3.6+) keys carry labels: zk_readlatency{quantile="0.5"}.
const KEY = /^zk_([A-Za-z0-9_]+)(?:\{(.*)\})?$/;
const LABEL = /([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const NUMBER = /^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+|NaN|Infinity)$/;

export function parseMntr(text: string): Mntr {
  const entries = new Map<string, MntrEntry>();
  for (const line of text.split(/\r?\n/)) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const key = line.slice(0, tab).trim();
    const raw = line.slice(tab + 1).trim();
    const match = KEY.exec(key);
    if (!match?.[1]) continue;
    const labels: Record<string, string> = {};
    for (const [, label, value] of (match[2] ?? '').matchAll(LABEL))
      labels[label!] = value!.replace(/\\(.)/g, '$1');
    entries.set(key, { name: match[1], labels, raw, value: NUMBER.test(raw) ? Number(raw) : undefined });
  }
  return entries;
}

/** Numeric entries only, for collectors that export values. */
export function numericEntries(mntr: Mntr): (MntrEntry & { value: number })[] {
  return [...mntr.values()].filter((e): e is MntrEntry & { value: number } => e.value !== undefined);
}
