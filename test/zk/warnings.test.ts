import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../agents/core/env.ts';
import { buildZkConfig } from '../../agents/zk/config.ts';
import { zkVariables } from '../../agents/zk/settings.ts';
import { plausibilityWarnings } from '../../agents/zk/warnings.ts';

function warningsFor(env: Record<string, string>): string[] {
  const settings = parseEnv(zkVariables, { AGENT_DOMAIN: 'zk-svc.default.svc.cluster.local', ...env });
  return plausibilityWarnings(buildZkConfig({ settings, hostname: 'zk-0', readHosts: () => '' }));
}

describe('plausibilityWarnings', () => {
  it('says nothing about the classic values', () => {
    expect(
      warningsFor({ ZK_REPLICAS: '3', ZK_TICK_TIME: '2000', ZK_INIT_LIMIT: '10', ZK_SYNC_LIMIT: '5' }),
    ).toEqual([]);
  });

  it("catches the handbook's slip: the tick value read into ZK_SYNC_LIMIT, and says it is counted in ticks", () => {
    const [warning, ...more] = warningsFor({ ZK_REPLICAS: '3', ZK_SYNC_LIMIT: '2000' });
    expect(more).toEqual([]);
    expect(warning).toContain('ZK_SYNC_LIMIT=2000 ticks × ZK_TICK_TIME=2000 ms is 67 minutes');
    expect(warning).toContain('counted in ticks, not milliseconds; the usual value is 5');
  });

  it('gives long limits in hours', () => {
    expect(warningsFor({ ZK_REPLICAS: '1', ZK_INIT_LIMIT: '10000' })[0]).toContain(
      'ZK_INIT_LIMIT=10000 ticks × ZK_TICK_TIME=2000 ms is 5.6 hours',
    );
  });

  it('warns about a very short tick', () => {
    expect(warningsFor({ ZK_REPLICAS: '1', ZK_TICK_TIME: '50' })).toEqual([
      'ZK_TICK_TIME=50 ms is very short: heartbeats and session timeouts derive from it; the usual value is 2000.',
    ]);
  });

  it('warns that an even ensemble survives no more failures than one server fewer', () => {
    expect(warningsFor({ ZK_REPLICAS: '2' })).toEqual([
      'ZK_REPLICAS=2 survives 0 failed servers, no more than ZK_REPLICAS=1 does: use an odd number (1 or 3).',
    ]);
    expect(warningsFor({ ZK_REPLICAS: '6' })).toEqual([
      'ZK_REPLICAS=6 survives 2 failed servers, no more than ZK_REPLICAS=5 does: use an odd number (5 or 7).',
    ]);
  });
});
