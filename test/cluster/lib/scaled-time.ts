// The monitoring suite's clock, shrunk. The alerts' `for:` windows (1 to 15 minutes) would make each fault
// take many minutes; the suite runs the same rules with every `for:` divided by a factor. The real
// windows are covered by `promtool test rules` (test/manifests/prometheus-rules.test.ts). Pure.

export interface Rule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

/** A Prometheus duration (`1m`, `1h30m`, `500ms`) in seconds. */
export function durationSeconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== duration)
    throw new Error(`not a Prometheus duration: ${JSON.stringify(duration)}`);
  return parts.reduce((sum, part) => sum + Number(part[1]) * UNIT_SECONDS[part[2]!]!, 0);
}

/** The groups with every `for:` divided by `factor` (whole seconds, at least 1 s); nothing else changes. */
export function scaleForWindows(groups: readonly RuleGroup[], factor: number): RuleGroup[] {
  return groups.map((group) => ({
    ...group,
    rules: group.rules.map((rule) =>
      rule.for === undefined
        ? rule
        : { ...rule, for: `${Math.max(1, Math.round(durationSeconds(rule.for) / factor))}s` },
    ),
  }));
}
