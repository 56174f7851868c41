// Three Kafka "pods" on this machine, each started through `kafka-agent run` as a StatefulSet's
// container would be: its own hostname (`--hostname kafka-<i>`), conf and log dirs, env, and address
// 127.0.2.<i+1> (loopback aliases, as ensemble.ts explains for ZooKeeper). The headless Service's names
// (kafka-<i>.kafka-hs.test.local) resolve from one hosts file: in the JVMs through -Djdk.net.hosts.file,
// in the agents and the test process through hosts-hook.cjs. Every broker binds the same ports on its own
// address; the agent's and the JMX exporter's ports (the exporter binds 127.0.0.1) differ per pod.
// KRaft with separate StatefulSets is two clusters: controller-only pods (`roles: 'controller'`, their own
// name and subnet) and broker-only pods given those as their voters (`roles: 'broker', controllers`).
// With `tls`, no port is plaintext: the controllers' and the brokers' own listener (INTERNAL, the
// inter-broker one, mTLS) are SSL, and clients have CLIENT, SASL_SSL with SCRAM-SHA-512, on `clientPort`.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { agentGet, type AgentResponse } from './agent-http.ts';
import {
  agentLogEvents,
  killGroup,
  logTail,
  startAgent,
  stopGroup,
  waitForExit,
  type AgentProcess,
  type ExitInfo,
} from './agent-process.ts';
import type { Ensemble } from './ensemble.ts';
import { kafkaHome, type KafkaMode } from './fetch-kafka.ts';
import { pollUntil } from './poll.ts';
import { freePort } from './ports.ts';
import { removeScratchDir, scratchDir } from './scratch.ts';
import { useTestHosts } from './test-hosts.ts';
import { REPO_ROOT } from './run-agent.ts';

export interface KafkaClusterOptions {
  readonly mode: KafkaMode;
  readonly replicas?: number;
  /** ZooKeeper mode: the ensemble (started through zk-agent) the brokers register with. */
  readonly zookeeper?: Ensemble;
  /** Extra environment for every pod, over the defaults below (the handbook's env, a test's settings). */
  readonly env?: Readonly<Record<string, string>>;
  /** Per pod, over `env` (the handbook's KAFKA_BROKER_ID from metadata.name differs per pod). */
  readonly podEnv?: (pod: {
    readonly index: number;
    readonly hostname: string;
    readonly brokerPort: number;
  }) => Readonly<Record<string, string>>;
  readonly label?: string;
  /**
   * KRaft with the controllers in their own StatefulSet: `controller` makes every pod controller-only
   * (node ids from 100 up, as the kraft-separate goldens), `broker` broker-only, its quorum the pods of
   * `controllers`. Default: combined nodes.
   */
  readonly roles?: 'combined' | 'controller' | 'broker';
  /** Broker-only pods: the controller StatefulSet whose pods are the quorum's voters. */
  readonly controllers?: KafkaCluster;
  /** The StatefulSet's name (pods <name>-0…) and its pods' subnet (127.0.<subnet>.<i+1>). */
  readonly name?: string;
  readonly subnet?: number;
  /** Node flags before the bundle (the benchmarks give the agent the images' resident flags). */
  readonly nodeArgs?: readonly string[];
  /** Every listener TLS, each pod's AGENT_TLS_DIR the mounted Secret at `secretDir(index)`. */
  readonly tls?: { readonly secretDir: (index: number) => string };
}

export interface KafkaPod {
  readonly index: number;
  readonly hostname: string;
  readonly fqdn: string;
  readonly ip: string;
  readonly agentPort: number;
  readonly jmxPort: number;
  readonly dir: string;
  readonly confDir: string;
  readonly logDir: string;
  readonly logFile: string;
  /** broker.id / node.id: ordinal + AGENT_ID_OFFSET. */
  readonly nodeId: number;
  env: NodeJS.ProcessEnv;
  agent: AgentProcess | undefined;
}

const CONTROLLER_ID_OFFSET = 100;
const HOOK = join(REPO_ROOT, 'tools', 'harness', 'hosts-hook.cjs');

/** A fresh KRaft cluster id: 16 random bytes; like Kafka's Uuid.randomUuid, never one starting with '-'. */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * The TLS listeners' settings: the controller's and INTERNAL are SSL and ask for the client's
 * certificate (mTLS: the pods' own); CLIENT is SASL_SSL (SCRAM-SHA-512), without a client certificate.
 * The agent's checks use INTERNAL with the pod's certificate; the keystores are the agent's.
 */
function tlsEnv(secretDir: string): Record<string, string> {
  return {
    AGENT_TLS_DIR: secretDir,
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'INTERNAL:SSL,CLIENT:SASL_SSL,CONTROLLER:SSL',
    KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
    KAFKA_SSL_CLIENT_AUTH: 'required',
    KAFKA_LISTENER_NAME_CLIENT_SSL_CLIENT_AUTH: 'none',
    KAFKA_SASL_ENABLED_MECHANISMS: 'SCRAM-SHA-512',
    KAFKA_LISTENER_NAME_CLIENT_SCRAM___SHA___512_SASL_JAAS_CONFIG:
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
  };
}

export class KafkaCluster {
  readonly pods: readonly KafkaPod[];
  readonly dir: string;
  readonly mode: KafkaMode;
  readonly home: string;
  readonly brokerPort: number;
  readonly controllerPort: number;
  /** With `tls`: the SASL_SSL listener's port (0 without). */
  readonly clientPort: number;
  readonly hostsFile: string;
  readonly clusterId: string | undefined;
  private readonly startedBefore = new Map<number, number>();
  private readonly nodeArgs: readonly string[];

  private constructor(init: {
    pods: KafkaPod[];
    dir: string;
    mode: KafkaMode;
    home: string;
    brokerPort: number;
    controllerPort: number;
    clientPort: number;
    hostsFile: string;
    clusterId: string | undefined;
    nodeArgs: readonly string[];
  }) {
    this.pods = init.pods;
    this.dir = init.dir;
    this.mode = init.mode;
    this.home = init.home;
    this.brokerPort = init.brokerPort;
    this.controllerPort = init.controllerPort;
    this.clientPort = init.clientPort;
    this.hostsFile = init.hostsFile;
    this.clusterId = init.clusterId;
    this.nodeArgs = init.nodeArgs;
  }

  /** Prepares every pod and starts them all through `kafka-agent run` (Parallel pod management). */
  static async start(options: KafkaClusterOptions): Promise<KafkaCluster> {
    const replicas = options.replicas ?? 3;
    const roles = options.roles ?? 'combined';
    const name = options.name ?? 'kafka';
    const domain = `${name}-hs.test.local`;
    const idOffset = roles === 'controller' ? CONTROLLER_ID_OFFSET : 1;
    const home = kafkaHome(options.mode);
    const dir = scratchDir(options.label ?? `kafka-${options.mode}`);
    const brokerPort = await freePort();
    const controllerPort = options.controllers?.controllerPort ?? (await freePort());
    const clientPort = options.tls ? (options.controllers?.clientPort ?? (await freePort())) : 0;
    // What a broker listens on: PLAINTEXT, or with TLS its mTLS listener and the clients' SASL_SSL one.
    const brokerListeners = (ip: string) =>
      options.tls
        ? `INTERNAL://${ip}:${brokerPort},CLIENT://${ip}:${clientPort}`
        : `PLAINTEXT://${ip}:${brokerPort}`;
    const ips = Array.from({ length: replicas }, (_, i) => `127.0.${options.subnet ?? 2}.${i + 1}`);
    const hostsFile = join(dir, 'hosts');
    // The JVMs resolve the other StatefulSets' pods too: ZooKeeper's, or the controllers'.
    const peers = [...(options.zookeeper?.pods ?? []), ...(options.controllers?.pods ?? [])];
    writeFileSync(
      hostsFile,
      [
        `127.0.0.1 localhost ${hostname()}`,
        ...ips.map((ip, i) => `${ip} ${name}-${i}.${domain} ${name}-${i}`),
        ...peers.map((pod) => `${pod.ip} ${pod.fqdn} ${pod.hostname}`),
      ].join('\n') + '\n',
    );
    useTestHosts(hostsFile);
    const clusterId =
      options.mode === 'kraft' ? (options.controllers?.clusterId ?? randomClusterId()) : undefined;
    const kraftEnv = (ip: string): Record<string, string> => {
      switch (roles) {
        case 'combined':
          return {
            KAFKA_PROCESS_ROLES: 'broker,controller',
            KAFKA_LISTENERS: `${brokerListeners(ip)},CONTROLLER://${ip}:${controllerPort}`,
          };
        case 'controller':
          return {
            KAFKA_PROCESS_ROLES: 'controller',
            AGENT_ID_OFFSET: String(CONTROLLER_ID_OFFSET),
            KAFKA_LISTENERS: `CONTROLLER://${ip}:${controllerPort}`,
          };
        case 'broker': {
          const controllers = options.controllers;
          if (!controllers) throw new Error('broker-only pods need the controllers option');
          return {
            KAFKA_PROCESS_ROLES: 'broker',
            KAFKA_LISTENERS: brokerListeners(ip),
            KAFKA_CONTROLLER_QUORUM_VOTERS: controllers.pods
              .map((pod) => `${pod.nodeId}@${pod.fqdn}:${controllerPort}`)
              .join(','),
          };
        }
      }
    };
    const pods: KafkaPod[] = [];
    for (let index = 0; index < replicas; index++) {
      const podDir = join(dir, `${name}-${index}`);
      mkdirSync(podDir, { recursive: true });
      const agentPort = await freePort();
      const jmxPort = await freePort();
      const ip = ips[index]!;
      const modeEnv: Record<string, string> =
        options.mode === 'kraft'
          ? { CLUSTER_ID: clusterId!, ...kraftEnv(ip) }
          : {
              KAFKA_ZOOKEEPER_CONNECT: (options.zookeeper?.pods ?? [])
                .map((pod) => `${pod.fqdn}:${pod.clientPort}`)
                .join(','),
              KAFKA_LISTENERS: brokerListeners(ip),
            };
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}),
        NODE_OPTIONS: `--require ${HOOK}`,
        TEST_HOSTS_FILE: hostsFile,
        KAFKA_HOME: home,
        AGENT_DOMAIN: domain,
        AGENT_REPLICAS: String(replicas),
        AGENT_CONF_DIR: join(podDir, 'config'),
        AGENT_PORT: String(agentPort),
        AGENT_JMX_EXPORTER_PORT: String(jmxPort),
        KAFKA_LOG_DIRS: join(podDir, 'data'),
        // Three brokers on two cores (docs/design.md): small, fixed heaps and a quick JIT.
        KAFKA_HEAP_OPTS: '-Xms256m -Xmx256m',
        KAFKA_JVM_PERFORMANCE_OPTS:
          '-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m -XX:MaxDirectMemorySize=64m -Xss512k -Djava.awt.headless=true',
        KAFKA_OPTS: `-Djdk.net.hosts.file=${hostsFile}`,
        // The log cleaner's 128 MiB dedupe buffer does not fit a 256 MiB heap.
        KAFKA_LOG_CLEANER_DEDUPE_BUFFER_SIZE: '16777216',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_NUM_PARTITIONS: '3',
        ...modeEnv,
        ...(options.tls ? tlsEnv(options.tls.secretDir(index)) : {}),
        ...options.env,
        ...options.podEnv?.({ index, hostname: `${name}-${index}`, brokerPort }),
      };
      pods.push({
        index,
        hostname: `${name}-${index}`,
        fqdn: `${name}-${index}.${domain}`,
        nodeId: index + idOffset,
        ip,
        agentPort,
        jmxPort,
        dir: podDir,
        confDir: join(podDir, 'config'),
        logDir: join(podDir, 'data'),
        logFile: join(podDir, 'agent.log'),
        env,
        agent: undefined,
      });
    }
    const cluster = new KafkaCluster({
      pods,
      dir,
      mode: options.mode,
      home,
      brokerPort,
      controllerPort,
      clientPort,
      hostsFile,
      clusterId,
      nodeArgs: options.nodeArgs ?? [],
    });
    for (const pod of pods) cluster.startPod(pod.index);
    return cluster;
  }

  /** Addresses a client bootstraps from (the pods' own addresses and broker port). */
  bootstrap(indices = this.pods.map((pod) => pod.index)): string[] {
    return indices.map((i) => `${this.pod(i).ip}:${this.brokerPort}`);
  }

  startPod(index: number): KafkaPod {
    const pod = this.pod(index);
    if (pod.agent && !pod.agent.exit) throw new Error(`${pod.hostname} is running already`);
    this.startedBefore.set(index, this.serverStarted(index).length);
    pod.agent = startAgent(
      ['run', '--hostname', pod.hostname],
      pod.env,
      pod.logFile,
      'kafka-agent',
      this.nodeArgs,
    );
    return pod;
  }

  /** Sends `signal` to the pod's agent (which forwards it) and waits for it to exit. */
  async stopPod(index: number, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 60_000): Promise<ExitInfo> {
    const agent = this.pod(index).agent;
    if (!agent || agent.exit) throw new Error(`${this.pod(index).hostname} is not running`);
    process.kill(agent.pid, signal);
    return waitForExit(agent, timeoutMs);
  }

  /** The pid of the JVM the pod's current agent started (its `server started` log line). */
  async brokerPid(index: number, timeoutMs = 60_000): Promise<number> {
    const pod = this.pod(index);
    return pollUntil(
      `${pod.hostname}: a "server started" line from its agent`,
      async () => {
        const pid = this.serverStarted(index)
          .slice(this.startedBefore.get(index) ?? 0)
          .at(-1)?.pid;
        return typeof pid === 'number' ? pid : undefined;
      },
      {
        timeoutMs,
        intervalMs: 100,
        describe: () => `\n${logTail(pod.logFile)}`,
        bail: () => this.bailIfExited(index),
      },
    );
  }

  get(index: number, path: string, timeoutMs = 5000): Promise<AgentResponse> {
    return agentGet(this.pod(index).agentPort, path, timeoutMs);
  }

  /** Waits until every given pod's /readyz answers 200. */
  async waitReady(indices = this.pods.map((pod) => pod.index), timeoutMs = 180_000): Promise<void> {
    let last = '';
    await pollUntil(
      `${indices.map((i) => this.pod(i).hostname).join(', ')} ready`,
      async () => {
        const answers = await Promise.all(
          indices.map((i) => this.get(i, '/readyz').catch((error: Error) => error)),
        );
        last = answers
          .map((a, n) => `${this.pod(indices[n]!).hostname}: ${a instanceof Error ? a.message : a.body}`)
          .join('\n');
        return answers.every((a) => !(a instanceof Error) && a.status === 200) ? true : undefined;
      },
      {
        timeoutMs,
        intervalMs: 500,
        describe: () => `${last}\n${indices.map((i) => logTail(this.pod(i).logFile, 15)).join('\n')}`,
        bail: () => indices.forEach((i) => this.bailIfExited(i)),
      },
    );
  }

  /** The agent's own log events of a pod. */
  events(index: number): Record<string, unknown>[] {
    return agentLogEvents(this.pod(index).logFile, 'kafka-agent');
  }

  /** A Kafka tool from the broker's jars (`org.apache.kafka.tools.TopicCommand` …), run to its end. */
  toolCommand(mainClass: string, args: readonly string[]): { command: string; args: string[] } {
    const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
    return {
      command: java,
      args: [
        '-Xmx128m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        `-Djdk.net.hosts.file=${this.hostsFile}`,
        '-Dlog4j.configuration=file:/dev/null',
        '-Dlog4j2.configurationFile=file:/dev/null',
        '-cp',
        join(this.home, 'libs', '*'),
        mainClass,
        ...args,
      ],
    };
  }

  async teardown(): Promise<void> {
    for (const pod of this.pods) if (pod.agent) killGroup(pod.agent.pid, 'SIGCONT');
    await Promise.all(this.pods.map((pod) => (pod.agent ? stopGroup(pod.agent, 30_000) : undefined)));
    removeScratchDir(this.dir);
  }

  pod(index: number): KafkaPod {
    const pod = this.pods[index];
    if (!pod) throw new Error(`no pod ${index} in a cluster of ${this.pods.length}`);
    return pod;
  }

  private serverStarted(index: number): Record<string, unknown>[] {
    return this.events(index).filter((event) => event.msg === 'server started');
  }

  private bailIfExited(index: number): void {
    const pod = this.pod(index);
    if (!pod.agent || pod.agent.exit)
      throw new Error(
        `${pod.hostname}: its agent exited (${JSON.stringify(pod.agent?.exit)})\n${logTail(pod.logFile, 40)}`,
      );
  }
}
