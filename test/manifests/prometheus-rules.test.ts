// The PrometheusRule's groups pass `promtool check rules`, and `promtool test rules` (rules-test.yaml)
// shows each alert firing on series shaped like our agents' real output and silent on a healthy
// ensemble and cluster. Input series and rule expressions may only name series the agents export.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { build, find } from '../../tools/manifests.ts';
import { goldenSeries, parseSample, TARGET_LABELS } from './lib/golden-series.ts';
import { metricNames } from './lib/promql-names.ts';

interface Rule {
  readonly alert?: string;
  readonly expr: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}
interface RulesTest {
  readonly tests: readonly {
    readonly input_series: readonly { readonly series: string; readonly values: string }[];
    readonly alert_rule_test: readonly {
      readonly alertname: string;
      readonly exp_alerts: readonly unknown[];
    }[];
  }[];
}

const RULES_TEST = join(import.meta.dirname, 'rules-test.yaml');
const spec = find(build('monitoring'), 'PrometheusRule', 'statefulset-agents').spec as {
  groups: { name: string; rules: Rule[] }[];
};
const rules = spec.groups.flatMap((group) => group.rules);
const alerts = rules.filter((rule) => rule.alert !== undefined);
const rulesTest = parse(readFileSync(RULES_TEST, 'utf8')) as RulesTest;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rules-'));
  writeFileSync(join(dir, 'rules.yaml'), stringify(spec));
  copyFileSync(RULES_TEST, join(dir, 'rules-test.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PrometheusRule statefulset-agents', () => {
  it('has the alerts an operator needs, each with a severity and a summary', () => {
    expect(alerts.map((rule) => rule.alert).sort()).toEqual(
      [
        'KafkaConsumerLagGrowing',
        'KafkaNoActiveController',
        'KafkaOfflinePartitions',
        'KafkaUnderMinIsrPartitions',
        'KafkaUnderReplicatedPartitions',
        'StatefulSetAgentCertificateExpiresSoon',
        'StatefulSetAgentDown',
        'ZooKeeperQuorumLost',
        'ZooKeeperServerNotServing',
      ].sort(),
    );
    for (const rule of alerts) {
      expect(rule.labels?.severity, rule.alert).toMatch(/^(critical|warning)$/);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
    }
  });

  it('passes promtool check rules', () => {
    const result = spawnSync('promtool', ['check', 'rules', join(dir, 'rules.yaml')], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.status).toBe(0);
  });

  it('passes promtool test rules: every alert fires on its failure and stays silent when healthy', () => {
    const result = spawnSync('promtool', ['test', 'rules', join(dir, 'rules-test.yaml')], {
      encoding: 'utf8',
    });
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it('has a firing case and a silent case in the rules test for every alert', () => {
    const cases = rulesTest.tests.flatMap((test) => test.alert_rule_test);
    for (const rule of alerts) {
      const own = cases.filter((entry) => entry.alertname === rule.alert);
      expect(
        own.some((entry) => entry.exp_alerts.length > 0),
        `${rule.alert} fires`,
      ).toBe(true);
      expect(
        own.some((entry) => entry.exp_alerts.length === 0),
        `${rule.alert} stays silent`,
      ).toBe(true);
    }
  });

  it("feeds the rules test only series with the names and labels of the agents' golden output", () => {
    const golden = goldenSeries();
    const problems: string[] = [];
    for (const input of rulesTest.tests.flatMap((test) => test.input_series)) {
      const sample = parseSample(`${input.series} 0`)!;
      const labels = golden.get(sample.name);
      if (!labels) {
        problems.push(`${sample.name}: not in the golden files`);
        continue;
      }
      const own = [...sample.labels.keys()].filter((label) => !TARGET_LABELS.has(label)).sort();
      if (own.join() !== [...labels].sort().join()) {
        problems.push(`${input.series}: labels ${own.join()} where the agent gives ${[...labels].join()}`);
      }
      for (const label of ['job', 'namespace', 'pod']) {
        if (!sample.labels.has(label))
          problems.push(`${input.series}: no ${label} label (a PodMonitor adds it)`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('names only series the agents export in every rule expression', () => {
    const golden = goldenSeries();
    for (const rule of rules) {
      const names = metricNames(rule.expr);
      expect(names.length, rule.expr).toBeGreaterThan(0);
      expect(
        names.filter((name) => !golden.has(name)),
        rule.alert,
      ).toEqual([]);
    }
  });

  it('is caught by promtool when a rule is broken, so the checks have teeth', () => {
    const broken = structuredClone(spec);
    broken.groups[0]!.rules[0] = { ...broken.groups[0]!.rules[0]!, expr: 'sum by (namespace (zookeeper_up)' };
    writeFileSync(join(dir, 'broken.yaml'), stringify(broken));
    expect(() =>
      execFileSync('promtool', ['check', 'rules', join(dir, 'broken.yaml')], { stdio: 'pipe' }),
    ).toThrow();
  });
});
