// Each pod's environment, as the built StatefulSet gives it, run through the real agent bundle
// (`init --dry-run`, which writes nothing): every pod is accepted without a warning and gets its own id,
// the handbook's ids (ordinal + 1), and the addresses the other bases' Services give it.
import { beforeAll, describe, expect, it } from 'vitest';
import { loggedWarnings } from '../../tools/harness/run-agent.ts';
import { dryRun as agentDryRun, prepareAgents } from './lib/agent-dry-run.ts';
import { everyServer } from './lib/pods.ts';

beforeAll(prepareAgents, 600_000);

describe.each(everyServer().map((server) => [server.label, server] as const))('%s', (_label, server) => {
  const { sts, container, agent } = server;
  const ordinals = Array.from({ length: sts.spec.replicas }, (_, i) => i);
  const dryRun = (ordinal: number) => {
    const { run, files } = agentDryRun(server, ordinal);
    expect(run.status, run.stderr).toBe(0);
    expect(loggedWarnings(run.stderr)).toEqual([]);
    return files;
  };

  it('is accepted by its agent on every ordinal, without a warning, each with its own id', () => {
    const ids = ordinals.map((ordinal) => {
      const out = dryRun(ordinal);
      if (agent === 'zk-agent') return out.myid!.trim();
      return /^(?:broker|node)\.id=(\d+)$/m.exec(out['server.properties']!)?.[1];
    });
    expect(new Set(ids).size).toBe(ordinals.length);
  });

  it("gets the id the handbook's manifests gave its pod (ordinal + 1; KRaft controllers from 100 up)", () => {
    const offset = Number(container.env?.find((variable) => variable.name === 'AGENT_ID_OFFSET')?.value ?? 1);
    expect([1, 100]).toContain(offset);
    const out = dryRun(2);
    if (agent === 'zk-agent') expect(out.myid!.trim()).toBe(String(2 + offset));
    else expect(out['server.properties']).toMatch(new RegExp(`^(broker|node)\\.id=${2 + offset}$`, 'm'));
  });

  it('writes the settings an operator reads in the manifest', () => {
    const out = dryRun(0);
    if (agent === 'zk-agent') {
      expect(out['zoo.cfg']).toContain('syncLimit=5\n');
      expect(out['zoo.cfg']).toContain('autopurge.purgeInterval=24\n');
      expect(out['zoo.cfg']).toContain(
        `server.3=zk-2.${sts.spec.serviceName}.default.svc.cluster.local:2888:3888`,
      );
      expect(out['java.env']).toContain('-Xmx1G');
      return;
    }
    const properties = out['server.properties']!;
    expect(properties).toContain('log.dirs=/var/lib/kafka/data\n');
    if (/^process\.roles=.*broker/m.test(properties) || /^broker\.id=/m.test(properties)) {
      expect(properties).toContain(
        `advertised.listeners=PLAINTEXT://${sts.metadata.name}-0.${sts.spec.serviceName}.default.svc.cluster.local:9092`,
      );
      expect(properties).toContain('min.insync.replicas=2\n');
    }
  });
});
