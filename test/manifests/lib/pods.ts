// Typed views of the parts of a built StatefulSet the tests read (the YAML is parsed as plain data).
import { build, ofKind, type Base, type K8sObject } from '../../../tools/manifests.ts';

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly fieldRef?: { readonly fieldPath: string };
    readonly configMapKeyRef?: { readonly name: string; readonly key: string };
    readonly secretKeyRef?: { readonly name: string; readonly key: string };
  };
}

export interface Probe {
  readonly httpGet?: { readonly path: string; readonly port: number | string };
  readonly tcpSocket?: unknown;
  readonly exec?: unknown;
  readonly periodSeconds?: number;
  readonly failureThreshold?: number;
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly EnvVar[];
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly resources?: {
    readonly requests?: Record<string, string>;
    readonly limits?: Record<string, string>;
  };
  readonly startupProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly securityContext?: Record<string, unknown>;
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string }[];
}

export interface PodSpec {
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly enableServiceLinks?: boolean;
  readonly terminationGracePeriodSeconds?: number;
  readonly securityContext?: Record<string, unknown>;
  readonly volumes?: readonly { readonly name: string; readonly emptyDir?: unknown }[];
  readonly affinity?: {
    readonly podAntiAffinity?: { readonly requiredDuringSchedulingIgnoredDuringExecution?: unknown[] };
  };
}

export interface StatefulSet extends K8sObject {
  readonly spec: {
    readonly replicas: number;
    readonly serviceName: string;
    readonly selector: { readonly matchLabels: Record<string, string> };
    readonly podManagementPolicy?: string;
    readonly updateStrategy?: { readonly type?: string; readonly rollingUpdate?: Record<string, unknown> };
    readonly template: {
      readonly metadata: {
        readonly labels: Record<string, string>;
        readonly annotations?: Record<string, string>;
      };
      readonly spec: PodSpec;
    };
    readonly volumeClaimTemplates?: readonly { readonly metadata: { readonly name: string } }[];
  };
}

/** The agent a container runs, told by its image (the image contract: zookeeper or kafka). */
export type Agent = 'zk-agent' | 'kafka-agent';

export const AGENT_PORT: Readonly<Record<Agent, number>> = { 'zk-agent': 9141, 'kafka-agent': 9308 };

export const WORKLOAD_BASES = ['zookeeper', 'kafka', 'kafka-kraft', 'kafka-kraft/separate-roles'] as const;

export function agentOf(container: Container): Agent {
  if (container.image.startsWith('statefulset-agents/zookeeper:')) return 'zk-agent';
  if (container.image.startsWith('statefulset-agents/kafka:')) return 'kafka-agent';
  throw new Error(`container ${container.name} runs ${container.image}, not one of the project's images`);
}

export function statefulSets(base: Base): StatefulSet[] {
  return ofKind(build(base), 'StatefulSet') as StatefulSet[];
}

/** One StatefulSet of a build, with its one container, its agent, and the build it came from. */
export interface Server {
  readonly objects: readonly K8sObject[];
  readonly sts: StatefulSet;
  readonly container: Container;
  readonly agent: Agent;
  /** `<source>: <StatefulSet name>`, for test names. */
  readonly label: string;
}

/** Every StatefulSet of one build (a base or an overlay); `source` names it in the labels. */
export function serversOf(objects: readonly K8sObject[], source: string): Server[] {
  return (ofKind(objects, 'StatefulSet') as StatefulSet[]).map((sts) => {
    const container = sts.spec.template.spec.containers[0]!;
    return { objects, sts, container, agent: agentOf(container), label: `${source}: ${sts.metadata.name}` };
  });
}

/** Every StatefulSet of every workload base, with its base, its one container and its agent. */
export function everyServer(): (Server & { readonly base: Base })[] {
  return WORKLOAD_BASES.flatMap((base) =>
    serversOf(build(base), base).map((server) => ({ ...server, base })),
  );
}

/** The variable that tells a server's agent its StatefulSet's replicas. */
export function replicasVariable(agent: Agent): 'ZK_REPLICAS' | 'AGENT_REPLICAS' {
  return agent === 'zk-agent' ? 'ZK_REPLICAS' : 'AGENT_REPLICAS';
}

export function envValue(container: Container, name: string): string | undefined {
  return container.env?.find((variable) => variable.name === name)?.value;
}

/** A probe's port as a number: a named port is looked up in the container's ports. */
export function probePort(container: Container, probe: Probe): number | undefined {
  const port = probe.httpGet?.port;
  if (typeof port === 'number') return port;
  return container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}

/** Kubernetes quantities in bytes (Ki, Mi, Gi, and the JVM's k/m/g for -Xmx), enough for these bases. */
export function bytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|K|m|M|g|G)?$/.exec(quantity);
  if (!match) throw new Error(`cannot read the quantity ${quantity}`);
  const unit = match[2] ?? '';
  const scale: Record<string, number> = {
    '': 1,
    Ki: 2 ** 10,
    k: 2 ** 10,
    K: 2 ** 10,
    Mi: 2 ** 20,
    m: 2 ** 20,
    M: 2 ** 20,
    Gi: 2 ** 30,
    g: 2 ** 30,
    G: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(match[1]) * scale[unit]!;
}

/**
 * The container's env as the kubelet would give it: literal values, ConfigMap keys looked up in the same
 * build (a missing ConfigMap or key throws), and the pod template's own annotations and labels through
 * the downward API (a missing one throws). What only the cluster fills in (the pod-index label, the
 * pod's name) and Secret values are left out.
 */
export function resolvedEnv({
  objects,
  sts,
  container,
}: Pick<Server, 'objects' | 'sts' | 'container'>): Map<string, string> {
  const resolved = new Map<string, string>();
  const template = sts.spec.template.metadata;
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) resolved.set(variable.name, expandReferences(variable.value, resolved));
    // The pods are built for the namespace `default` (dryRun's AGENT_DOMAIN says the same).
    if (variable.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace')
      resolved.set(variable.name, 'default');
    const field = /^metadata\.(annotations|labels)\['([^']+)'\]$/.exec(
      variable.valueFrom?.fieldRef?.fieldPath ?? '',
    );
    if (field && field[2] !== 'apps.kubernetes.io/pod-index') {
      const value = (field[1] === 'annotations' ? template.annotations : template.labels)?.[field[2]!];
      if (value === undefined)
        throw new Error(`${variable.name}: the pod template has no ${field[1]} ${field[2]}`);
      // YAML `5` where `"5"` was meant: the API refuses a pod template whose annotation is not a string.
      if (typeof value !== 'string')
        throw new Error(`${variable.name}: ${field[1]} ${field[2]} is not a string`);
      resolved.set(variable.name, value);
    }
    const ref = variable.valueFrom?.configMapKeyRef;
    if (ref) {
      const configMap = ofKind(objects, 'ConfigMap').find((object) => object.metadata.name === ref.name);
      const value = (configMap?.data as Record<string, string> | undefined)?.[ref.key];
      if (value === undefined)
        throw new Error(`${variable.name}: ConfigMap ${ref.name} has no key ${ref.key}`);
      resolved.set(variable.name, value);
    }
  }
  return resolved;
}

/**
 * The kubelet's `$(VAR)` in a value: replaced by an earlier variable of the list, left as written when
 * there is none; `$$` is a literal `$`.
 */
function expandReferences(value: string, earlier: ReadonlyMap<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string | undefined) =>
    name === undefined ? '$' : (earlier.get(name) ?? whole),
  );
}
