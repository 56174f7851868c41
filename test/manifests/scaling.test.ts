// An operator scales a base with kustomize's `replicas:` in an overlay and changes nothing else (the
// overlays in test/manifests/overlays/ are such overlays, built with the pinned kustomize): the count each
// agent is told follows spec.replicas, every pod of the larger StatefulSet is accepted by the real agent
// with a server list or voter set of that size, and the PodDisruptionBudgets still allow one disruption.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loggedWarnings } from '../../tools/harness/run-agent.ts';
import { dryRun, prepareAgents } from './lib/agent-dry-run.ts';
import { buildOverlay, ofKind, OVERLAYS, OVERLAYS_DIR, type Overlay } from '../../tools/manifests.ts';
import { schemaErrors } from './lib/models.ts';
import { everyServer, replicasVariable, resolvedEnv, serversOf, type Server } from './lib/pods.ts';
import { clientType, unknownFields } from './lib/strict-fields.ts';

beforeAll(prepareAgents, 600_000);

/** The replicas each overlay asks of each StatefulSet. */
const SCALED: Readonly<Record<Overlay, Readonly<Record<string, number>>>> = {
  'zookeeper-5': { zk: 5 },
  'zookeeper-and-kafka-5': { zk: 5, kafka: 5 },
  'kafka-kraft-5': { kafka: 5 },
  'kafka-kraft-separate-roles-5': { 'kafka-broker': 5, 'kafka-controller': 5 },
};

const ordinalsOf = ({ sts }: Server) => Array.from({ length: sts.spec.replicas }, (_, i) => i);

/** `init --dry-run` of one pod, which must succeed without a warning: the files it would write. */
function accepted(server: Server, ordinal: number): Record<string, string> {
  const { run, files } = dryRun(server, ordinal);
  expect(run.status, run.stderr).toBe(0);
  expect(loggedWarnings(run.stderr)).toEqual([]);
  return files;
}

function voters(serverProperties: string): string[] {
  return /^controller\.quorum\.voters=(.*)$/m.exec(serverProperties)?.[1]?.split(',') ?? [];
}

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  const objects = buildOverlay(overlay);
  const servers = serversOf(objects, overlay);

  it('builds into objects the API accepts: its schemas pass and it has no field they do not define', () => {
    const problems = objects.flatMap((object) => {
      const type = clientType(object);
      return [...schemaErrors(object), ...(type ? unknownFields(object, type) : [])].map(
        (problem) => `${object.kind} ${object.metadata.name}: ${problem}`,
      );
    });
    expect(problems).toEqual([]);
  });

  it('scales each StatefulSet and tells its agent the same count, through an annotation rendered as a string', () => {
    const replicas = Object.fromEntries(servers.map(({ sts }) => [sts.metadata.name, sts.spec.replicas]));
    expect(replicas).toEqual(SCALED[overlay]);
    for (const server of servers) {
      // Parsed from the built YAML: `"5"` is a string, `5` a number the API would refuse.
      const annotation = server.sts.spec.template.metadata.annotations?.['statefulset-agents/replicas'];
      expect(typeof annotation, server.label).toBe('string');
      expect(resolvedEnv(server).get(replicasVariable(server.agent)), server.label).toBe('5');
    }
  });

  it('keeps every PodDisruptionBudget at exactly one disruption (maxUnavailable 1, no minAvailable)', () => {
    const budgets = ofKind(objects, 'PodDisruptionBudget');
    expect(budgets).toHaveLength(servers.length);
    for (const budget of budgets) {
      expect(budget.spec, budget.metadata.name).toMatchObject({ maxUnavailable: 1 });
      expect(budget.spec, budget.metadata.name).not.toHaveProperty('minAvailable');
    }
  });

  it.each(servers.map((server) => [server.label, server] as const))(
    '%s: every ordinal is accepted by its agent, without a warning, each with its own id',
    (_label, server) => {
      const ids = ordinalsOf(server).map((ordinal) => {
        const out = accepted(server, ordinal);
        if (server.agent === 'zk-agent') return out.myid!.trim();
        return /^(?:broker|node)\.id=(\d+)$/m.exec(out['server.properties']!)?.[1];
      });
      expect(new Set(ids).size).toBe(5);
    },
  );
});

describe('five ZooKeeper servers', () => {
  it("need nothing in the operator's overlay but the base and kustomize's `replicas:`", () => {
    const kustomization = parse(
      readFileSync(join(OVERLAYS_DIR, 'zookeeper-5', 'kustomization.yaml'), 'utf8'),
    );
    const { apiVersion: _apiVersion, kind: _kind, ...fields } = kustomization;
    expect(fields).toEqual({
      resources: ['../../../../manifests/zookeeper'],
      replicas: [{ name: 'zk', count: 5 }],
    });
  });

  it('give each of the five pods a zoo.cfg that lists server.1..server.5, zk-0..zk-4', () => {
    const [zk] = serversOf(buildOverlay('zookeeper-5'), 'zookeeper-5');
    const expected = Array.from(
      { length: 5 },
      (_, i) => `server.${i + 1}=zk-${i}.zk-svc.default.svc.cluster.local:2888:3888`,
    );
    for (const ordinal of ordinalsOf(zk!)) {
      const servers = accepted(zk!, ordinal)['zoo.cfg']!.match(/^server\.\d+=.*$/gm);
      expect(servers, `zk-${ordinal}`).toEqual(expected);
    }
  });
});

describe('five KRaft voters', () => {
  it('are what each of five combined nodes is formatted with: node.id 1..5 on kafka-0..kafka-4', () => {
    const [kafka] = serversOf(buildOverlay('kafka-kraft-5'), 'kafka-kraft-5');
    const expected = Array.from(
      { length: 5 },
      (_, i) => `${i + 1}@kafka-${i}.kafka-hs.default.svc.cluster.local:9093`,
    );
    for (const ordinal of ordinalsOf(kafka!)) {
      expect(voters(accepted(kafka!, ordinal)['server.properties']!), `kafka-${ordinal}`).toEqual(expected);
    }
  });

  it('are, with separate roles, the five controllers (node.id 100..104) on every controller and every broker', () => {
    const servers = serversOf(buildOverlay('kafka-kraft-separate-roles-5'), 'kafka-kraft-separate-roles-5');
    expect(servers.map(({ sts }) => sts.metadata.name).sort()).toEqual(['kafka-broker', 'kafka-controller']);
    // Controllers derive full names; brokers are given namespace-relative ones that their DNS search
    // path completes: the same pods either way.
    const expected = Array.from(
      { length: 5 },
      (_, i) => `${100 + i}@kafka-controller-${i}.kafka-controller-hs`,
    );
    for (const server of servers) {
      for (const ordinal of ordinalsOf(server)) {
        const listed = voters(accepted(server, ordinal)['server.properties']!).map((voter) =>
          voter.replace(/\.default\.svc\.cluster\.local(?=:)/, '').replace(/:9093$/, ''),
        );
        expect(listed, `${server.sts.metadata.name}-${ordinal}`).toEqual(expected);
      }
    }
  });
});

describe('`kubectl scale` alone (spec.replicas without the annotation)', () => {
  it.each(
    everyServer()
      .filter((server) => server.base === 'zookeeper' || server.base === 'kafka-kraft')
      .map((server) => [server.label, server] as const),
  )(
    '%s: the pod it adds is refused by its agent, never run outside the server list or voter set',
    (_label, server) => {
      const { run } = dryRun(server, server.sts.spec.replicas);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain(`${replicasVariable(server.agent)}=${server.sts.spec.replicas}`);
    },
  );
});
