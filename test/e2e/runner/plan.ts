// From the objects `kubectl kustomize` builds to what the runner starts: each StatefulSet's pods with the
// identity, environment, security, limits, volumes and probes a cluster would give them. Pure: no Docker,
// no clock, no disk; docker-args.ts turns a PodPlan into a `docker run` command line.
import { resolveEnv, type EnvFromSource, type EnvVar, type PodFields } from './env.ts';
import { expand, mappingFor } from './expansion.ts';
import type { K8sObject } from './objects.ts';
import { probeSpec, type ContainerPort, type ProbeManifest, type ProbeSpec } from './probe-spec.ts';
import { cpuCores, memoryBytes } from './quantity.ts';

export const CLUSTER_DOMAIN = 'cluster.local';

export type VolumePlan =
  /** A PersistentVolumeClaim from a volumeClaimTemplate: a named volume that outlives the pod. */
  | {
      readonly kind: 'claim';
      readonly volume: string;
      readonly mountPath: string;
      readonly readOnly: boolean;
    }
  /** An emptyDir: a tmpfs that goes with the container, as the emptyDir goes with the pod. */
  | { readonly kind: 'tmpfs'; readonly mountPath: string; readonly sizeBytes?: string };

export interface PodPlan {
  readonly namespace: string;
  readonly statefulSet: string;
  readonly ordinal: number;
  /** `<sts>-<ordinal>`: the pod's name, its hostname and (on Docker) its container's name. */
  readonly name: string;
  /** `<serviceName>.<ns>.svc.cluster.local`, the pod's subdomain: `hostname -d` says it. */
  readonly domain: string;
  /** DNS names that resolve to this pod on the namespace's network. */
  readonly aliases: readonly string[];
  /** The search list the kubelet writes into resolv.conf (ClusterFirst): short names resolve. */
  readonly dnsSearch: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly container: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env: ReadonlyMap<string, string>;
  readonly ports: readonly ContainerPort[];
  /** `uid[:gid]` from runAsUser/runAsGroup, the container's over the pod's. */
  readonly user?: string;
  /** fsGroup and supplementalGroups: the kubelet adds them to the process's groups. */
  readonly groups: readonly number[];
  readonly runAsNonRoot: boolean;
  readonly readOnlyRootFilesystem: boolean;
  readonly noNewPrivileges: boolean;
  readonly capDrop: readonly string[];
  readonly capAdd: readonly string[];
  readonly seccompUnconfined: boolean;
  /** Limits (requests only place a pod on a node; there is no node to choose here). */
  readonly memoryBytes?: string;
  readonly cpus?: string;
  readonly volumes: readonly VolumePlan[];
  readonly terminationGracePeriodSeconds: number;
  readonly probes: {
    readonly startup?: ProbeSpec;
    readonly readiness?: ProbeSpec;
    readonly liveness?: ProbeSpec;
  };
}

export interface StatefulSetPlan {
  readonly namespace: string;
  readonly name: string;
  readonly serviceName: string;
  readonly podManagementPolicy: 'OrderedReady' | 'Parallel';
  readonly updateStrategy: 'RollingUpdate' | 'OnDelete';
  /** Pods with an ordinal below it are not updated by a rolling update. */
  readonly partition: number;
  readonly pods: readonly PodPlan[];
}

interface ContainerManifest {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly EnvFromSource[];
  readonly ports?: readonly ContainerPort[];
  readonly resources?: { readonly limits?: Readonly<Record<string, string | number>> };
  readonly securityContext?: SecurityContext;
  readonly volumeMounts?: readonly {
    readonly name: string;
    readonly mountPath: string;
    readonly readOnly?: boolean;
    readonly subPath?: string;
  }[];
  readonly startupProbe?: ProbeManifest;
  readonly readinessProbe?: ProbeManifest;
  readonly livenessProbe?: ProbeManifest;
}

interface SecurityContext {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly runAsNonRoot?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly capabilities?: { readonly drop?: readonly string[]; readonly add?: readonly string[] };
  readonly seccompProfile?: { readonly type?: string };
  readonly fsGroup?: number;
  readonly supplementalGroups?: readonly number[];
}

interface StatefulSetManifest extends K8sObject {
  readonly spec: {
    readonly replicas?: number;
    readonly serviceName: string;
    readonly podManagementPolicy?: string;
    readonly updateStrategy?: {
      readonly type?: string;
      readonly rollingUpdate?: { readonly partition?: number };
    };
    readonly volumeClaimTemplates?: readonly { readonly metadata: { readonly name: string } }[];
    readonly template: {
      readonly metadata?: {
        readonly labels?: Readonly<Record<string, string>>;
        readonly annotations?: Readonly<Record<string, string>>;
      };
      readonly spec: {
        readonly containers: readonly ContainerManifest[];
        readonly initContainers?: readonly unknown[];
        readonly securityContext?: SecurityContext;
        readonly terminationGracePeriodSeconds?: number;
        readonly serviceAccountName?: string;
        readonly volumes?: readonly {
          readonly name: string;
          readonly emptyDir?: { readonly medium?: string; readonly sizeLimit?: string };
        }[];
      };
    };
  };
}

interface ServiceManifest extends K8sObject {
  readonly spec: { readonly selector?: Readonly<Record<string, string>> };
}

function selects(
  selector: Readonly<Record<string, string>> | undefined,
  labels: Record<string, string>,
): boolean {
  return (
    !!selector &&
    Object.keys(selector).length > 0 &&
    Object.entries(selector).every(([k, v]) => labels[k] === v)
  );
}

function volumesOf(sts: StatefulSetManifest, container: ContainerManifest, pod: string): VolumePlan[] {
  const claims = new Set((sts.spec.volumeClaimTemplates ?? []).map((template) => template.metadata.name));
  const volumes = sts.spec.template.spec.volumes ?? [];
  return (container.volumeMounts ?? []).map((mount): VolumePlan => {
    const where = `${pod}: volumeMount ${mount.name} at ${mount.mountPath}`;
    if (mount.subPath) throw new Error(`${where}: subPath is not imitated by the runner`);
    // The StatefulSet controller names each pod's claim `<template>-<pod>` and never deletes it with the pod.
    if (claims.has(mount.name))
      return {
        kind: 'claim',
        volume: `${mount.name}-${pod}`,
        mountPath: mount.mountPath,
        readOnly: !!mount.readOnly,
      };
    const volume = volumes.find((candidate) => candidate.name === mount.name);
    if (!volume) throw new Error(`${where}: no volume or volumeClaimTemplate of that name`);
    if (!volume.emptyDir)
      throw new Error(`${where}: only emptyDir and claim volumes are imitated by the runner`);
    const size = volume.emptyDir.sizeLimit;
    return { kind: 'tmpfs', mountPath: mount.mountPath, ...(size ? { sizeBytes: memoryBytes(size) } : {}) };
  });
}

function planPod(
  sts: StatefulSetManifest,
  ordinal: number,
  objects: readonly K8sObject[],
  services: readonly ServiceManifest[],
): PodPlan {
  const { namespace } = sts.metadata;
  const template = sts.spec.template;
  const name = `${sts.metadata.name}-${ordinal}`;
  if (template.spec.initContainers?.length)
    throw new Error(`${name}: initContainers are not imitated by the runner`);
  if (template.spec.containers.length !== 1)
    throw new Error(
      `${name}: the runner runs one container per pod, the template has ${template.spec.containers.length}`,
    );
  const container = template.spec.containers[0]!;
  // The labels the StatefulSet controller adds to each pod; the pod-index one since Kubernetes 1.28.
  const labels = {
    ...template.metadata?.labels,
    'statefulset.kubernetes.io/pod-name': name,
    'apps.kubernetes.io/pod-index': String(ordinal),
  };
  const fields: PodFields = {
    name,
    namespace,
    labels,
    annotations: template.metadata?.annotations ?? {},
    serviceAccountName: template.spec.serviceAccountName ?? 'default',
  };
  const env = resolveEnv(container.env, container.envFrom, objects, fields);
  // command and args see every variable of the container, not only earlier ones.
  const withEnv = (list: readonly string[] | undefined) => list?.map((item) => expand(item, mappingFor(env)));
  const zone = `${namespace}.svc.${CLUSTER_DOMAIN}`;
  const domain = `${sts.spec.serviceName}.${zone}`;
  const aliases = [`${name}.${domain}`];
  // Every Service selecting the pod resolves to it: a headless one as Kubernetes does, a ClusterIP one by
  // DNS round robin over its pods instead of a virtual IP.
  for (const service of services)
    if (service.metadata.namespace === namespace && selects(service.spec.selector, labels))
      aliases.push(`${service.metadata.name}.${zone}`);
  const pod = template.spec.securityContext ?? {};
  const own = container.securityContext ?? {};
  const uid = own.runAsUser ?? pod.runAsUser;
  const gid = own.runAsGroup ?? pod.runAsGroup;
  const limits = container.resources?.limits ?? {};
  const where = `${name}/${container.name}`;
  return {
    namespace,
    statefulSet: sts.metadata.name,
    ordinal,
    name,
    domain,
    aliases,
    dnsSearch: [zone, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN],
    labels,
    container: container.name,
    image: container.image,
    ...(container.command ? { command: withEnv(container.command)! } : {}),
    ...(container.args ? { args: withEnv(container.args)! } : {}),
    env,
    ports: container.ports ?? [],
    ...(uid !== undefined ? { user: gid !== undefined ? `${uid}:${gid}` : String(uid) } : {}),
    groups: [...(pod.fsGroup !== undefined ? [pod.fsGroup] : []), ...(pod.supplementalGroups ?? [])],
    runAsNonRoot: own.runAsNonRoot ?? pod.runAsNonRoot ?? false,
    readOnlyRootFilesystem: own.readOnlyRootFilesystem ?? false,
    noNewPrivileges: own.allowPrivilegeEscalation === false,
    capDrop: own.capabilities?.drop ?? [],
    capAdd: own.capabilities?.add ?? [],
    seccompUnconfined: (own.seccompProfile ?? pod.seccompProfile)?.type === 'Unconfined',
    ...(limits.memory !== undefined ? { memoryBytes: memoryBytes(limits.memory) } : {}),
    ...(limits.cpu !== undefined ? { cpus: cpuCores(limits.cpu) } : {}),
    volumes: volumesOf(sts, container, name),
    terminationGracePeriodSeconds: template.spec.terminationGracePeriodSeconds ?? 30,
    probes: {
      startup: probeSpec(container.startupProbe, container.ports ?? [], `${where} startupProbe`),
      readiness: probeSpec(container.readinessProbe, container.ports ?? [], `${where} readinessProbe`),
      liveness: probeSpec(container.livenessProbe, container.ports ?? [], `${where} livenessProbe`),
    },
  };
}

/**
 * Every StatefulSet of the objects, planned. `objects` holds what the namespace has besides the built
 * base too: Secrets an operator creates by hand (the KRaft cluster id) are passed in by the caller.
 */
export function planStatefulSets(objects: readonly K8sObject[]): StatefulSetPlan[] {
  const services = objects.filter((object): object is ServiceManifest => object.kind === 'Service');
  return objects
    .filter((object): object is StatefulSetManifest => object.kind === 'StatefulSet')
    .map((sts) => {
      const replicas = sts.spec.replicas ?? 1;
      return {
        namespace: sts.metadata.namespace,
        name: sts.metadata.name,
        serviceName: sts.spec.serviceName,
        podManagementPolicy: sts.spec.podManagementPolicy === 'Parallel' ? 'Parallel' : 'OrderedReady',
        updateStrategy: sts.spec.updateStrategy?.type === 'OnDelete' ? 'OnDelete' : 'RollingUpdate',
        partition: sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0,
        pods: Array.from({ length: replicas }, (_, ordinal) => planPod(sts, ordinal, objects, services)),
      };
    });
}

/**
 * `plan` with its claim `claim` (e.g. `datadir-kafka-1`) bound to another volume (`datadir-kafka-0`):
 * what a mis-bound PersistentVolume or a restored backup of the wrong pod gives a pod, for the tests of
 * the agents' identity guard. Everything else about the pod stays its own.
 */
export function withClaimVolume(plan: PodPlan, claim: string, volume: string): PodPlan {
  if (!plan.volumes.some((candidate) => candidate.kind === 'claim' && candidate.volume === claim))
    throw new Error(`${plan.name} has no claim ${claim}`);
  return {
    ...plan,
    volumes: plan.volumes.map((candidate) =>
      candidate.kind === 'claim' && candidate.volume === claim ? { ...candidate, volume } : candidate,
    ),
  };
}
