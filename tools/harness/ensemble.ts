// A ZooKeeper ensemble of N "pods" on this machine, each started through `zk-agent run` exactly as a
// StatefulSet's container would be: its own hostname (`--hostname zk-<i>`), config and data dirs, env
// (ZK_REPLICAS, AGENT_DOMAIN, …) and network address.
//
// Why loopback aliases and not network namespaces: every 127.0.0.0/8 address answers on Linux's
// loopback with no setup, no root and no cleanup, so pod i gets 127.0.1.<i+1> for its quorum and
// election ports just as a pod gets its own IP; namespaces (or containers) would need root, veth pairs
// and a bridge, and leave debris behind when a run is killed — that is the e2e tests' job. The headless
// Service's DNS names (zk-<i>.zk-hs.test.local) are resolved by the JVM from a hosts file
// (-Djdk.net.hosts.file), so zoo.cfg carries the same server lines as in Kubernetes. What loopback
// cannot separate is the port space of 0.0.0.0: the client port (which ZooKeeper binds on all
// addresses) and the agent's HTTP port differ per pod.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
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
import { pollUntil } from './poll.ts';
import { freePort } from './ports.ts';
import { removeScratchDir, scratchDir } from './scratch.ts';
import { srvr, type ZkMode } from './srvr.ts';

export interface EnsembleOptions {
  /** ZK_LIB_DIR: the ZooKeeper jars (see fetch-zookeeper.ts). */
  readonly libDir: string;
  readonly replicas?: number;
  /** The StatefulSet name: pods are <name>-0, <name>-1, … */
  readonly name?: string;
  /** AGENT_DOMAIN, the headless Service's domain. */
  readonly domain?: string;
  /** Extra environment for every pod (overrides the defaults below). */
  readonly env?: Readonly<Record<string, string>>;
  /** Prefix of the scratch dir under .tmp/. */
  readonly label?: string;
  /** Node flags before the bundle (the benchmarks give the agent the images' resident flags). */
  readonly nodeArgs?: readonly string[];
  /**
   * TLS only: makes each pod's mounted Secret (tls.crt, tls.key, ca.crt, as the kubelet mounts it) and
   * returns its directory, the pod's AGENT_TLS_DIR. Its certificate must name the pod's FQDN (peers dial
   * it) and 127.0.0.1 or localhost: on loopback every peer connects from 127.0.0.1, and ZooKeeper checks
   * a connecting peer's address (or its reverse name) against its certificate. The pods then have no
   * plaintext port: `clientPort` is ZK_SECURE_CLIENT_PORT, and the harness asks `srvr` over TLS with the
   * pod's own certificate, as the agent does.
   */
  readonly tls?: (pod: { readonly hostname: string; readonly fqdn: string; readonly dir: string }) => string;
}

export interface Pod {
  readonly index: number;
  readonly hostname: string;
  readonly fqdn: string;
  /** The pod's own address: quorum and election ports bind here. */
  readonly ip: string;
  readonly clientPort: number;
  readonly agentPort: number;
  readonly dir: string;
  readonly confDir: string;
  readonly dataDir: string;
  readonly logFile: string;
  readonly env: NodeJS.ProcessEnv;
  /** AGENT_TLS_DIR when the ensemble runs TLS only. */
  readonly tlsDir: string | undefined;
  /** The current (or last) agent process; a restart replaces it. */
  agent: AgentProcess | undefined;
}

export interface StopResult extends ExitInfo {
  /** What the agent's `server exited` log line says about the server: the status the agent should exit with. */
  readonly server: { code: number | null; signal: string | null; status: number } | undefined;
  /** The server's pid, from the agent's `server started` line. */
  readonly serverPid: number | undefined;
}

export type Modes = Record<string, ZkMode | undefined>;

export class Ensemble {
  readonly pods: readonly Pod[];
  readonly dir: string;

  /** Per pod: how many `server started` lines its log had before the current agent started. */
  private readonly serversStartedBefore = new Map<number, number>();

  private readonly nodeArgs: readonly string[];

  private constructor(pods: Pod[], dir: string, nodeArgs: readonly string[] = []) {
    this.pods = pods;
    this.dir = dir;
    this.nodeArgs = nodeArgs;
  }

  /** Prepares every pod (dirs, ports, env, hosts file) and starts them all through `zk-agent run`. */
  static async start(options: EnsembleOptions): Promise<Ensemble> {
    const replicas = options.replicas ?? 3;
    const name = options.name ?? 'zk';
    const domain = options.domain ?? 'zk-hs.test.local';
    const dir = scratchDir(options.label ?? 'ensemble');
    // Peers share the quorum and election ports (one server line format for all), each on its own address.
    const serverPort = await freePort();
    const electionPort = await freePort();
    const ips = Array.from({ length: replicas }, (_, i) => `127.0.1.${i + 1}`);
    const hostsFile = join(dir, 'hosts');
    writeFileSync(
      hostsFile,
      [
        // With jdk.net.hosts.file the JVM resolves only from this file: keep localhost and the machine's name.
        `127.0.0.1 localhost ${hostname()}`,
        ...ips.map((ip, i) => `${ip} ${name}-${i}.${domain} ${name}-${i}`),
      ].join('\n') + '\n',
    );

    const pods: Pod[] = [];
    for (let index = 0; index < replicas; index++) {
      const podDir = join(dir, `${name}-${index}`);
      const confDir = join(podDir, 'conf');
      const dataDir = join(podDir, 'data');
      mkdirSync(podDir, { recursive: true });
      const clientPort = await freePort();
      const agentPort = await freePort();
      const fqdn = `${name}-${index}.${domain}`;
      const tlsDir = options.tls?.({ hostname: `${name}-${index}`, fqdn, dir: podDir });
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}),
        ZK_REPLICAS: String(replicas),
        AGENT_DOMAIN: domain,
        ZK_LIB_DIR: options.libDir,
        ...(tlsDir === undefined
          ? { ZK_CLIENT_PORT: String(clientPort) }
          : // ZK_CONF_DIR too (run gets --conf-dir): the exec verbs find the keystore `run` wrote there.
            { AGENT_TLS_DIR: tlsDir, ZK_SECURE_CLIENT_PORT: String(clientPort), ZK_CONF_DIR: confDir }),
        ZK_SERVER_PORT: String(serverPort),
        ZK_ELECTION_PORT: String(electionPort),
        AGENT_PORT: String(agentPort),
        ZK_DATA_DIR: dataDir,
        ZK_DATA_LOG_DIR: join(podDir, 'log'),
        ZK_HEAP_SIZE: '256M',
        // Debian's 3.8 ships Jetty: each server's AdminServer would fight over :8080.
        ZK_CFG_EXTRA: 'admin.enableServer=false',
        // Three JVMs on two cores: a small footprint starts them faster than the defaults would.
        SERVER_JVMFLAGS: `-Djdk.net.hosts.file=${hostsFile} -XX:+UseSerialGC -XX:TieredStopAtLevel=1`,
        ...options.env,
      };
      pods.push({
        index,
        hostname: `${name}-${index}`,
        fqdn,
        ip: ips[index]!,
        clientPort,
        agentPort,
        dir: podDir,
        confDir,
        dataDir,
        logFile: join(podDir, 'agent.log'),
        env,
        tlsDir,
        agent: undefined,
      });
    }
    const ensemble = new Ensemble(pods, dir, options.nodeArgs);
    for (const pod of pods) ensemble.startPod(pod.index);
    return ensemble;
  }

  /** `zk-agent run --hostname <pod> --conf-dir <dir>` with the pod's env; the log file is appended to. */
  startPod(index: number): Pod {
    const pod = this.pod(index);
    if (pod.agent && !pod.agent.exit) throw new Error(`${pod.hostname} is running already`);
    this.serversStartedBefore.set(index, serverStartedEvents(pod.logFile).length);
    pod.agent = startAgent(
      ['run', '--hostname', pod.hostname, '--conf-dir', pod.confDir],
      pod.env,
      pod.logFile,
      'zk-agent',
      this.nodeArgs,
    );
    return pod;
  }

  /** Sends `signal` to the pod's agent (only the agent: forwarding is its job) and waits for it to exit. */
  async stopPod(index: number, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<StopResult> {
    const pod = this.pod(index);
    const agent = pod.agent;
    if (!agent || agent.exit) throw new Error(`${pod.hostname} is not running`);
    process.kill(agent.pid, signal);
    const exit = await waitForExit(agent, timeoutMs);
    const events = agentLogEvents(pod.logFile);
    const exited = events.filter((event) => event.msg === 'server exited').at(-1);
    const started = events.filter((event) => event.msg === 'server started').at(-1);
    return {
      ...exit,
      server: exited
        ? {
            code: exited.code as number | null,
            signal: exited.signal as string | null,
            status: exited.status as number,
          }
        : undefined,
      serverPid: started?.pid as number | undefined,
    };
  }

  /**
   * The pid of the server (the JVM) the pod's current agent started, from the agent's `server started`
   * log line; waits for that line, which follows the agent's start by about a second.
   */
  async serverPid(index: number, timeoutMs = 15_000): Promise<number> {
    const pod = this.pod(index);
    return pollUntil(
      `${pod.hostname}: a "server started" line from its agent`,
      async () => {
        const fresh = serverStartedEvents(pod.logFile).slice(this.serversStartedBefore.get(index) ?? 0);
        const pid = fresh.at(-1)?.pid;
        return typeof pid === 'number' ? pid : undefined;
      },
      {
        timeoutMs,
        intervalMs: 50,
        describe: () => `\n${logTail(pod.logFile)}`,
        bail: () => {
          if (!pod.agent || pod.agent.exit)
            throw new Error(
              `${pod.hostname}: its agent is not running, and logged no "server started" line\n${logTail(pod.logFile)}`,
            );
        },
      },
    );
  }

  /**
   * Sends `signal` to the pod's server itself, bypassing the agent: SIGSTOP/SIGCONT to make it hang and
   * resume (a GC pause, a frozen disk), SIGKILL to make it crash. Returns the server's pid.
   */
  async signalServer(index: number, signal: NodeJS.Signals): Promise<number> {
    const pid = await this.serverPid(index);
    process.kill(pid, signal);
    return pid;
  }

  /** Starts a stopped pod again on the same dirs and ports, as Kubernetes restarts a container. */
  restartPod(index: number): Pod {
    return this.startPod(index);
  }

  /** Each running pod's mode as its own server reports it (`srvr`); undefined = not serving. */
  async modes(indices = this.runningIndices()): Promise<Modes> {
    const replies = await Promise.all(indices.map((i) => this.srvr(i)));
    return Object.fromEntries(indices.map((i, n) => [this.pod(i).hostname, replies[n]!.mode]));
  }

  /**
   * Polls `srvr` on every given pod (default: the running ones) until exactly one is the leader and the
   * others follow. Fails early if an agent exits, and with every pod's log tail at the deadline.
   * `onChange` sees each new combination of modes (the demo prints them).
   */
  async waitForQuorum(
    options: {
      indices?: readonly number[];
      timeoutMs?: number;
      onChange?: (modes: Modes) => void;
      /** Stops waiting (rejects with the signal's reason), e.g. on Ctrl-C in the demo. */
      signal?: AbortSignal;
    } = {},
  ): Promise<Modes> {
    const indices = options.indices ?? this.runningIndices();
    let last = '';
    return pollUntil(
      'a quorum (one leader, the others following)',
      async () => {
        const modes = await this.modes([...indices]);
        const text = JSON.stringify(modes);
        if (text !== last) {
          last = text;
          options.onChange?.(modes);
        }
        const values = Object.values(modes);
        const leaders = values.filter((mode) => mode === 'leader').length;
        const followers = values.filter((mode) => mode === 'follower').length;
        return leaders === 1 && leaders + followers === values.length ? modes : undefined;
      },
      {
        timeoutMs: options.timeoutMs ?? 120_000,
        intervalMs: 250,
        describe: () => `${last}\n` + indices.map((i) => logTail(this.pod(i).logFile)).join('\n'),
        bail: () => {
          options.signal?.throwIfAborted();
          const gone = indices.map((i) => this.pod(i)).filter((pod) => !pod.agent || pod.agent.exit);
          if (gone.length > 0) {
            throw new Error(
              `waiting for quorum, but ${gone.map((pod) => `${pod.hostname} (${JSON.stringify(pod.agent?.exit)})`).join(', ')} exited\n` +
                gone.map((pod) => logTail(pod.logFile)).join('\n'),
            );
          }
        },
      },
    );
  }

  /** The pod's server asked `srvr` on 127.0.0.1, over TLS with its own certificate when it runs TLS. */
  srvr(index: number): ReturnType<typeof srvr> {
    const pod = this.pod(index);
    return srvr(pod.clientPort, '127.0.0.1', 2000, pod.tlsDir ? podTlsOptions(pod.tlsDir) : undefined);
  }

  /** Index of the pod whose server is the leader now, if any. */
  async leaderIndex(): Promise<number | undefined> {
    const modes = await this.modes();
    const leader = Object.entries(modes).find(([, mode]) => mode === 'leader')?.[0];
    return this.pods.find((pod) => pod.hostname === leader)?.index;
  }

  runningIndices(): number[] {
    return this.pods.filter((pod) => pod.agent && !pod.agent.exit).map((pod) => pod.index);
  }

  /**
   * Stops every pod (SIGTERM to the agent, SIGKILL to its process group after a grace period or if a
   * server outlived its agent) and removes the scratch dir. Safe to call twice and after failures.
   */
  async teardown(): Promise<void> {
    // A server a failed test left SIGSTOPped would sit out the SIGTERM and its whole grace period.
    for (const pod of this.pods) if (pod.agent) killGroup(pod.agent.pid, 'SIGCONT');
    await Promise.all(this.pods.map((pod) => (pod.agent ? stopGroup(pod.agent) : undefined)));
    removeScratchDir(this.dir);
  }

  private pod(index: number): Pod {
    const pod = this.pods[index];
    if (!pod) throw new Error(`no pod ${index} in an ensemble of ${this.pods.length}`);
    return pod;
  }
}

/** The pod's certificate as a client's: the chain checked against its CA, not the name (127.0.0.1). */
export function podTlsOptions(tlsDir: string): ConnectionOptions {
  const read = (key: string) => readFileSync(join(tlsDir, key));
  return {
    key: read('tls.key'),
    cert: read('tls.crt'),
    ca: read('ca.crt'),
    checkServerIdentity: () => undefined,
  };
}

function serverStartedEvents(logFile: string): Record<string, unknown>[] {
  return agentLogEvents(logFile).filter((event) => event.msg === 'server started');
}
