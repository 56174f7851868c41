// The monitoring e2e's clock, shrunk. The alerts' `for:` windows (1 to 15 minutes) and the PodMonitors'
// 30 s scrape interval would make each fault take many minutes; the test runs the same rules and
// targets with every `for:` divided by a factor and a shorter scrape interval. The real windows are
// covered by `promtool test rules` (test/manifests/prometheus-rules.test.ts). Pure.
import type { ScrapeConfig } from './scrape-config.ts';

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

/** The scrape configs with another interval; the timeout kept as it is unless above the interval. */
export function withScrapeInterval(configs: readonly ScrapeConfig[], interval: string): ScrapeConfig[] {
  const seconds = durationSeconds(interval);
  return configs.map((config) => ({
    ...config,
    scrape_interval: interval,
    scrape_timeout: durationSeconds(config.scrape_timeout) > seconds ? interval : config.scrape_timeout,
  }));
}
