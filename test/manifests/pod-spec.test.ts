// What every server pod needs on Kubernetes, asserted on the built StatefulSets: the image contract,
// probes on the agent's port, the downward-API ordinal, a locked-down security context, room for a
// controlled shutdown, and resources that hold the heap plus the agent.
import { describe, expect, it } from 'vitest';
import { AGENT_PORT, bytes, envValue, everyServer, probePort, resolvedEnv } from './lib/pods.ts';

const servers = everyServer().map((server) => [server.label, server] as const);

const IMAGES: Readonly<Record<string, string>> = {
  zookeeper: 'statefulset-agents/zookeeper:3.9.5',
  kafka: 'statefulset-agents/kafka:3.9.1',
  'kafka-kraft': 'statefulset-agents/kafka:4.2.0',
  'kafka-kraft/separate-roles': 'statefulset-agents/kafka:4.2.0',
};

describe.each(servers)('%s', (_label, server) => {
  const { base, sts, container, agent } = server;
  it("runs the project's image for its base with the image's own entrypoint (no command or args)", () => {
    expect(sts.spec.template.spec.containers).toHaveLength(1);
    expect(container.image).toBe(IMAGES[base]);
    expect(container.command).toBeUndefined();
    expect(container.args).toBeUndefined();
  });

  it('pulls its image only when the node lacks it, so an image loaded into kind or minikube runs (the handbook pulled Always)', () => {
    expect(container.imagePullPolicy).toBe('IfNotPresent');
  });

  it('probes /livez (startup, liveness) and /readyz (readiness) on the agent port', () => {
    expect(container.startupProbe?.httpGet?.path).toBe('/livez');
    expect(container.livenessProbe?.httpGet?.path).toBe('/livez');
    expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
    for (const probe of [container.startupProbe!, container.livenessProbe!, container.readinessProbe!]) {
      expect(probePort(container, probe)).toBe(AGENT_PORT[agent]);
    }
  });

  it('gives a slow start (log recovery, a large snapshot) at least five minutes before liveness applies', () => {
    const startup = container.startupProbe!;
    expect((startup.periodSeconds ?? 10) * (startup.failureThreshold ?? 3)).toBeGreaterThanOrEqual(300);
  });

  it('reads POD_INDEX from the apps.kubernetes.io/pod-index label through the downward API', () => {
    const podIndex = container.env!.find((variable) => variable.name === 'POD_INDEX');
    expect(podIndex?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.labels['apps.kubernetes.io/pod-index']");
  });

  it('injects no service-link variables', () => {
    expect(sts.spec.template.spec.enableServiceLinks).toBe(false);
  });

  it('runs as uid/gid 1000, non-root, read-only root, no capabilities, no privilege escalation, seccomp RuntimeDefault', () => {
    const pod = sts.spec.template.spec.securityContext ?? {};
    expect(pod).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.securityContext).not.toHaveProperty('privileged', true);
  });

  it('mounts a writable volume at each path the image writes to (a read-only root otherwise)', () => {
    const paths =
      agent === 'zk-agent'
        ? ['/var/lib/zookeeper', '/opt/zookeeper/conf', '/tmp']
        : ['/var/lib/kafka', '/opt/kafka/config', '/tmp'];
    expect(container.volumeMounts!.map((mount) => mount.mountPath).sort()).toEqual([...paths].sort());
    const emptyDirs = (sts.spec.template.spec.volumes ?? []).filter(
      (volume) => volume.emptyDir !== undefined,
    );
    expect(emptyDirs.map((volume) => volume.name).sort()).toEqual(
      container
        .volumeMounts!.filter((mount) => mount.name !== 'datadir')
        .map((mount) => mount.name)
        .sort(),
    );
  });

  it('allows a controlled shutdown to finish before SIGKILL (Kafka: 60 s or more)', () => {
    const grace = sts.spec.template.spec.terminationGracePeriodSeconds ?? 30;
    expect(grace).toBeGreaterThanOrEqual(agent === 'kafka-agent' ? 60 : 30);
  });

  it('requests and limits memory that holds the JVM heap, its non-heap and about 100 MiB for the agent', () => {
    const env = resolvedEnv(server);
    const heap = bytes(
      agent === 'kafka-agent'
        ? (/-Xmx(\S+)/.exec(env.get('KAFKA_HEAP_OPTS') ?? '')?.[1] ?? '')
        : (env.get('ZK_HEAP_SIZE') ?? ''),
    );
    const nonHeap = (agent === 'kafka-agent' ? 256 : 192) * 2 ** 20;
    const needed = heap + nonHeap + 100 * 2 ** 20;
    const request = bytes(container.resources!.requests!.memory!);
    const limit = bytes(container.resources!.limits!.memory!);
    expect(request).toBeGreaterThanOrEqual(needed);
    expect(limit).toBeGreaterThanOrEqual(request);
    expect(container.resources!.requests!.cpu).toBeTruthy();
    expect(container.resources!.limits!.cpu).toBeTruthy();
  });

  it('spreads its pods over nodes (required anti-affinity on the hostname, as the handbook)', () => {
    const terms =
      sts.spec.template.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    expect(terms).toHaveLength(1);
    expect(JSON.stringify(terms)).toContain('kubernetes.io/hostname');
  });

  it('labels its pods with app.kubernetes.io name, instance, component and version, and selects on a subset', () => {
    const labels = sts.spec.template.metadata.labels;
    for (const key of ['name', 'instance', 'component', 'version']) {
      expect(labels[`app.kubernetes.io/${key}`]).toBeTruthy();
    }
    expect(labels).toMatchObject(sts.spec.selector.matchLabels);
  });

  it('rolls updates one pod at a time, each Ready before the next (no partition, no maxUnavailable)', () => {
    expect(sts.spec.updateStrategy?.type ?? 'RollingUpdate').toBe('RollingUpdate');
    expect(sts.spec.updateStrategy?.rollingUpdate).toBeUndefined();
  });

  it('starts in parallel exactly when Ready needs a quorum of its own pods (else OrderedReady would wait forever)', () => {
    const roles = envValue(container, 'KAFKA_PROCESS_ROLES') ?? '';
    const needsOwnQuorum = agent === 'zk-agent' || roles.split(',').includes('controller');
    expect(sts.spec.podManagementPolicy ?? 'OrderedReady').toBe(needsOwnQuorum ? 'Parallel' : 'OrderedReady');
  });
});
