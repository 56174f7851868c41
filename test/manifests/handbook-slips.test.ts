// The Kubernetes handbook's manifests (its zk.yaml, kafka.yaml and scripts), which these bases replace, had
// five slips; each is asserted fixed on the built YAML.
import { describe, expect, it } from 'vitest';
import { build, find } from '../../tools/manifests.ts';
import { everyServer, statefulSets, type Container, type EnvVar } from './lib/pods.ts';

const servers = everyServer();

describe("the handbook's slips stay fixed", () => {
  it('reads ZK_SYNC_LIMIT from the ConfigMap key `sync` and that key is a plausible 5 ticks (the handbook read `tick`: 2000)', () => {
    const [zk] = statefulSets('zookeeper');
    const sync = zk!.spec.template.spec.containers[0]!.env!.find(
      (variable) => variable.name === 'ZK_SYNC_LIMIT',
    );
    const ref = sync?.valueFrom?.configMapKeyRef;
    expect(ref?.key).toBe('sync');
    const data = find(build('zookeeper'), 'ConfigMap', ref!.name).data as Record<string, string>;
    expect(Number(data.sync)).toBeGreaterThanOrEqual(2);
    expect(Number(data.sync)).toBeLessThanOrEqual(30);
  });

  it('reads every ZooKeeper setting from the ConfigMap key named after it, never one key for two settings', () => {
    const [zk] = statefulSets('zookeeper');
    const keys = zk!.spec.template.spec.containers[0]!.env!.map(
      (variable) => variable.valueFrom?.configMapKeyRef?.key,
    ).filter((key): key is string => key !== undefined);
    expect(keys.length).toBeGreaterThanOrEqual(7);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(servers.filter((server) => server.agent === 'kafka-agent').map((server) => [server.label, server]))(
    '%s sets no KAFKA_BROKER_ID or KAFKA_NODE_ID (the agent derives the id from the ordinal)',
    (_label, { container }) => {
      const names = container.env!.map((variable) => variable.name);
      expect(names).not.toContain('KAFKA_BROKER_ID');
      expect(names).not.toContain('KAFKA_NODE_ID');
      expect(JSON.stringify(container.env)).not.toContain('metadata.name');
    },
  );

  it.each(servers.map((server) => [server.label, server]))(
    '%s probes over HTTP only: no tcpSocket or exec probe',
    (_label, { container }) => {
      for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
        expect(probe?.httpGet).toBeDefined();
        expect(probe?.tcpSocket).toBeUndefined();
        expect(probe?.exec).toBeUndefined();
      }
    },
  );

  it.each(servers.map((server) => [server.label, server]))(
    '%s has no $(…) that Kubernetes leaves unexpanded (only $(VAR) of a variable defined before it expands)',
    (_label, { container }) => {
      expect(unexpanded(container)).toEqual([]);
    },
  );

  it.each(servers.map((server) => [server.label, server]))(
    '%s keeps its data on a volumeClaimTemplate mounted at the data path',
    (_label, { sts, container, agent }) => {
      const claims = (sts.spec.volumeClaimTemplates ?? []).map((claim) => claim.metadata.name);
      expect(claims).toEqual(['datadir']);
      const mount = container.volumeMounts?.find((candidate) => candidate.name === 'datadir');
      expect(mount?.mountPath).toBe(agent === 'zk-agent' ? '/var/lib/zookeeper' : '/var/lib/kafka');
      // The pod's volumes must not shadow the claim with an emptyDir of the same name.
      expect((sts.spec.template.spec.volumes ?? []).map((volume) => volume.name)).not.toContain('datadir');
    },
  );
});

/** Values holding `$(…)` that is not a reference to a variable defined earlier in the same container. */
function unexpanded(container: Container): string[] {
  const defined = new Set<string>();
  const problems: string[] = [];
  const values = (variable: EnvVar) => (variable.value === undefined ? [] : [variable.value]);
  for (const variable of container.env ?? []) {
    for (const value of values(variable)) {
      for (const match of value.matchAll(/\$\(([^)]*)\)/g)) {
        if (!defined.has(match[1]!)) problems.push(`${variable.name}=${value}`);
      }
    }
    defined.add(variable.name);
  }
  for (const value of [...(container.command ?? []), ...(container.args ?? [])]) {
    for (const match of value.matchAll(/\$\(([^)]*)\)/g)) {
      if (!defined.has(match[1]!)) problems.push(value);
    }
  }
  return problems;
}
