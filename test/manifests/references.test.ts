// The names that tie the objects together agree: Services and PDBs select the StatefulSet's pods, the
// governing Service is headless and publishes not-ready pods, the replica count the agents are told is
// the StatefulSet's (through the annotation kustomize's `replicas:` sets), and Kafka's ZooKeeper and
// controller addresses name pods that the bases create.
import { describe, expect, it } from 'vitest';
import { build, ofKind, type Base, type K8sObject } from '../../tools/manifests.ts';
import {
  envValue,
  everyServer,
  replicasVariable,
  resolvedEnv,
  statefulSets,
  type StatefulSet,
} from './lib/pods.ts';

interface Service extends K8sObject {
  readonly spec: {
    readonly clusterIP?: string;
    readonly publishNotReadyAddresses?: boolean;
    readonly selector: Record<string, string>;
    readonly ports: readonly { readonly port: number; readonly targetPort?: string | number }[];
  };
}

const servers = everyServer().map((server) => [server.label, server] as const);
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);
const services = (base: Base) => ofKind(build(base), 'Service') as Service[];

describe.each(servers)('%s', (_label, server) => {
  const { base, sts, container, agent } = server;
  it('is governed by a headless Service that publishes not-ready pods and selects them', () => {
    const governing = services(base).find((service) => service.metadata.name === sts.spec.serviceName);
    expect(governing?.spec.clusterIP).toBe('None');
    expect(governing?.spec.publishNotReadyAddresses).toBe(true);
    expect(selects(governing!.spec.selector, sts.spec.template.metadata.labels)).toBe(true);
  });

  it('has a PodDisruptionBudget of maxUnavailable 1 (one disruption, whatever the replicas) over exactly its pods', () => {
    const budgets = ofKind(build(base), 'PodDisruptionBudget').filter((pdb) => {
      const selector = (pdb.spec as { selector: { matchLabels: Record<string, string> } }).selector
        .matchLabels;
      return selects(selector, sts.spec.template.metadata.labels);
    });
    expect(budgets).toHaveLength(1);
    expect(budgets[0]!.spec).toMatchObject({ maxUnavailable: 1 });
    expect(budgets[0]!.spec).not.toHaveProperty('minAvailable');
    const others = statefulSets(base).filter((other) => other !== sts);
    const selector = (budgets[0]!.spec as { selector: { matchLabels: Record<string, string> } }).selector
      .matchLabels;
    for (const other of others) expect(selects(selector, other.spec.template.metadata.labels)).toBe(false);
  });

  it('tells its agent the replica count the StatefulSet has', () => {
    expect(sts.spec.replicas).toBe(3);
    expect(resolvedEnv(server).get(replicasVariable(agent))).toBe(String(sts.spec.replicas));
  });

  it("reads that count from the pod template's annotation that kustomize's `replicas:` sets with spec.replicas", () => {
    const variable = container.env?.find((candidate) => candidate.name === replicasVariable(agent));
    expect(variable?.valueFrom?.fieldRef?.fieldPath).toBe(
      "metadata.annotations['statefulset-agents/replicas']",
    );
    // A string in the built YAML: the API refuses an annotation (or an env value) that is a number.
    expect(typeof sts.spec.template.metadata.annotations?.['statefulset-agents/replicas']).toBe('string');
  });

  it('exposes the ports of the image contract, by name', () => {
    const ports = Object.fromEntries((container.ports ?? []).map((port) => [port.name, port.containerPort]));
    const roles = envValue(container, 'KAFKA_PROCESS_ROLES')?.split(',') ?? ['broker'];
    const expected =
      agent === 'zk-agent'
        ? { client: 2181, server: 2888, 'leader-election': 3888, metrics: 9141 }
        : {
            ...(roles.includes('broker') ? { broker: 9092 } : {}),
            ...(roles.includes('controller') ? { controller: 9093 } : {}),
            metrics: 9308,
          };
    expect(ports).toEqual(expected);
  });
});

describe.each(['zookeeper', 'kafka', 'kafka-kraft', 'kafka-kraft/separate-roles'] as const)(
  'manifests/%s Services',
  (base) => {
    it('each select the pods of a StatefulSet and target ports those pods name', () => {
      const all = statefulSets(base);
      for (const service of services(base)) {
        const target = all.find((sts) => selects(service.spec.selector, sts.spec.template.metadata.labels));
        expect(target, service.metadata.name).toBeDefined();
        const names = target!.spec.template.spec.containers[0]!.ports!.map((port) => port.name);
        for (const port of service.spec.ports) expect(names).toContain(port.targetPort);
      }
    });

    it('include no Service named kafka (it would inject KAFKA_PORT=tcp://… into every pod of the namespace)', () => {
      expect(services(base).map((service) => service.metadata.name)).not.toContain('kafka');
    });
  },
);

describe('addresses across bases', () => {
  const [zk] = statefulSets('zookeeper');
  const zkPods = (count: number) =>
    Array.from({ length: count }, (_, i) => `${zk!.metadata.name}-${i}.${zk!.spec.serviceName}:2181`);

  it("gives Kafka's zookeeper.connect every ZooKeeper pod by its headless-Service name", () => {
    const [kafka] = statefulSets('kafka');
    const connect = envValue(kafka!.spec.template.spec.containers[0]!, 'KAFKA_ZOOKEEPER_CONNECT');
    expect(connect?.split(',')).toEqual(zkPods(zk!.spec.replicas));
  });

  it("lists the controller StatefulSet's pods, with the ids their agents derive, as the brokers' voters", () => {
    const all = statefulSets('kafka-kraft/separate-roles');
    const controller = all.find((sts) => roles(sts).join() === 'controller')!;
    const broker = all.find((sts) => roles(sts).join() === 'broker')!;
    const offset = Number(envValue(controller.spec.template.spec.containers[0]!, 'AGENT_ID_OFFSET') ?? 1);
    const expected = Array.from(
      { length: controller.spec.replicas },
      (_, i) => `${offset + i}@${controller.metadata.name}-${i}.${controller.spec.serviceName}:9093`,
    );
    const voters = envValue(broker.spec.template.spec.containers[0]!, 'KAFKA_CONTROLLER_QUORUM_VOTERS');
    expect(voters?.split(',')).toEqual(expected);
    // Broker ids (1..3, the default offset) never meet the controllers'.
    const brokerIds = Array.from({ length: broker.spec.replicas }, (_, i) => 1 + i);
    expect(brokerIds.filter((id) => id >= offset && id < offset + controller.spec.replicas)).toEqual([]);
  });

  it('reads CLUSTER_ID on every KRaft node from the one Secret the operator creates', () => {
    const refs = [...statefulSets('kafka-kraft'), ...statefulSets('kafka-kraft/separate-roles')].map(
      (sts) =>
        sts.spec.template.spec.containers[0]!.env!.find((variable) => variable.name === 'CLUSTER_ID')
          ?.valueFrom?.secretKeyRef,
    );
    expect(refs).toHaveLength(3);
    for (const ref of refs) expect(ref).toEqual({ name: 'kafka-cluster-id', key: 'cluster-id' });
    // Not in the bases: a cluster id committed to git would be every cluster's (grafana/mimir #16547).
    expect(ofKind(build('kafka-kraft'), 'Secret')).toEqual([]);
  });
});

function roles(sts: StatefulSet): string[] {
  return envValue(sts.spec.template.spec.containers[0]!, 'KAFKA_PROCESS_ROLES')?.split(',') ?? [];
}
