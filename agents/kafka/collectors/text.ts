// Prometheus text for the few families the agent computes per scrape (the cluster view): rendered by
// hand, since building prom-client objects for values that are replaced wholesale on every scrape would
// only add garbage. Escaping follows the exposition format: `\`, `"` and line feeds in label values.

export interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'gauge' | 'counter';
  readonly samples: readonly { readonly labels: Readonly<Record<string, string>>; readonly value: number }[];
}

export function renderFamilies(families: readonly Family[]): string {
  let out = '';
  for (const family of families) {
    out += `# HELP ${family.name} ${family.help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}\n`;
    out += `# TYPE ${family.name} ${family.type}\n`;
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels)
        .map(
          ([key, value]) =>
            `${key}="${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`,
        )
        .join(',');
      out += `${family.name}${labels ? `{${labels}}` : ''} ${formatValue(sample.value)}\n`;
    }
  }
  return out;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** The family names a Prometheus text declares (`# TYPE name …`). */
export function declaredFamilies(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/^# TYPE (\S+) /gm)) names.add(match[1]!);
  return names;
}
