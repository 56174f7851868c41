import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JMX_RULES_MODULE, jmxRulesModule } from '../../.config/jmx-rules.ts';
import { REPO_ROOT } from '../../tools/harness/run-agent.ts';

describe('the JMX exporter rules in the bundle', () => {
  it('are images/kafka/jmx-exporter.yaml, byte for byte (npm run docs regenerates them)', () => {
    expect(readFileSync(`${REPO_ROOT}/${JMX_RULES_MODULE}`, 'utf8')).toBe(jmxRulesModule(REPO_ROOT));
  });
});
