// The series our agents really export, read from the golden /metrics files (zk-agent's recorded from
// ZooKeeper 3.4 to 3.9, kafka-agent's from Kafka 3.9.1 and 4.2.0): name → the label names it carries.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../tools/harness/run-agent.ts';

const FOLDERS = ['test/golden/metrics', 'test/golden/kafka-metrics'];

/** Labels Prometheus adds to every series of a PodMonitor target (and the pod labels it copies). */
export const TARGET_LABELS = new Set([
  'job',
  'instance',
  'namespace',
  'pod',
  'container',
  'endpoint',
  'app_kubernetes_io_instance',
  'app_kubernetes_io_component',
]);

let series: ReadonlyMap<string, ReadonlySet<string>> | undefined;

export function goldenSeries(): ReadonlyMap<string, ReadonlySet<string>> {
  if (series) return series;
  const found = new Map<string, Set<string>>();
  for (const folder of FOLDERS) {
    for (const file of readdirSync(join(REPO_ROOT, folder)).filter((name) => name.endsWith('.prom'))) {
      for (const line of readFileSync(join(REPO_ROOT, folder, file), 'utf8').split('\n')) {
        const sample = parseSample(line);
        if (!sample) continue;
        const labels = found.get(sample.name) ?? new Set<string>();
        for (const label of sample.labels.keys()) labels.add(label);
        found.set(sample.name, labels);
      }
    }
  }
  // Prometheus' own series for every target: whether the scrape worked.
  found.set('up', new Set());
  series = found;
  return found;
}

/** `name{a="x",b="y"} 1` → the name and its labels; undefined for comments and blank lines. */
export function parseSample(line: string): { name: string; labels: Map<string, string> } | undefined {
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s/.exec(line.trim() + ' ');
  if (!match || line.startsWith('#')) return undefined;
  const labels = new Map<string, string>();
  for (const label of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g)) {
    labels.set(label[1]!, label[2]!);
  }
  return { name: match[1]!, labels };
}
