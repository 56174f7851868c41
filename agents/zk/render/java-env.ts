import type { ZkConfig } from '../config.ts';

/**
 * JVM flags of the server, in the order `run` passes them (SERVER_JVMFLAGS come after, and win).
 * - zookeeper.electionPortBindRetry=0 retries the election port bind forever: on Kubernetes the pod's
 *   own DNS name can appear after the JVM starts.
 * - zookeeper.admin.enableServer=false: the agent serves the probes, and ZooKeeper declares Jetty
 *   `provided`, so the AdminServer would only log a NoClassDefFoundError (or, where Jetty is present,
 *   open :8080 unasked). `SERVER_JVMFLAGS=-Dzookeeper.admin.enableServer=true` turns it back on.
 */
export function serverJvmFlags(config: ZkConfig): string[] {
  const heap = config.settings.ZK_HEAP_SIZE;
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-Dzookeeper.electionPortBindRetry=0',
    '-Dzookeeper.admin.enableServer=false',
  ];
}

/**
 * java.env, sourced by zkEnv.sh: the same flags for anyone who starts the server with zkServer.sh. The
 * operator's own SERVER_JVMFLAGS (from the container's environment) follow ours, as `run` does it.
 */
export function renderJavaEnv(config: ZkConfig): string {
  return (
    '# Written by zk-agent from ZK_HEAP_SIZE; sourced by zkEnv.sh.\n' +
    `SERVER_JVMFLAGS="${serverJvmFlags(config).join(' ')} \${SERVER_JVMFLAGS:-}"\n`
  );
}
