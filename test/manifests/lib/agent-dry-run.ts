// A pod's environment, as a built StatefulSet gives it, run through the real agent bundle (`init
// --dry-run`, which writes nothing): what the agent would write into that pod, file by file.
import { kafkaHome } from '../../../tools/harness/fetch-kafka.ts';
import { ensureBuilt, runAgent, type AgentRun } from '../../../tools/harness/run-agent.ts';
import { resolvedEnv, type Server } from './pods.ts';

// Stands in for the Secret kafka-cluster-id (Kafka's own example id).
const CLUSTER_ID = 'MkU3OEVBNTcwNTJENDM2Qk';

/** Builds the bundles and fetches both Kafka lines: a hook's time (minutes on a fresh machine). */
export function prepareAgents(): void {
  ensureBuilt('kafka-agent');
  kafkaHome('zookeeper');
  kafkaHome('kraft');
}

export interface DryRun {
  readonly run: AgentRun;
  /** The files the agent would write, by file name (`myid`, `zoo.cfg`, `server.properties`, …). */
  readonly files: Record<string, string>;
}

/** `init --dry-run` of the pod with this ordinal, in the namespace `default`; `overrides` win over its env. */
export function dryRun(server: Server, ordinal: number, overrides: Record<string, string> = {}): DryRun {
  const { sts, container, agent } = server;
  const env: Record<string, string> = { ...Object.fromEntries(resolvedEnv(server)), ...overrides };
  env.POD_INDEX = String(ordinal);
  // What the kubelet writes to /etc/hosts for the pod, which the agent reads as `hostname -d`.
  env.AGENT_DOMAIN = `${sts.spec.serviceName}.default.svc.cluster.local`;
  if (container.env?.some((variable) => variable.name === 'CLUSTER_ID')) env.CLUSTER_ID = CLUSTER_ID;
  if (agent === 'kafka-agent')
    env.KAFKA_HOME = kafkaHome(container.image.endsWith(':3.9.1') ? 'zookeeper' : 'kraft');
  const run = runAgent(agent, ['init', '--dry-run', '--hostname', `${sts.metadata.name}-${ordinal}`], {
    env,
  });
  return { run, files: files(run.stdout) };
}

/** `==> path <==` sections of a --dry-run, by file name. */
function files(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of stdout.split(/^==> /m).slice(1)) {
    const [header, ...body] = part.split('\n');
    out[header!.replace(/ <==$/, '').split('/').at(-1)!] = body.join('\n');
  }
  return out;
}
