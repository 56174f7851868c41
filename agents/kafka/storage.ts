// KRaft storage: formatted once, with the cluster id every node shares, and never again. Whether a dir is
// formatted is read from its meta.properties (checked against this pod by prepare.ts), never from the
// tool's output: scripts that grep for "already formatted" hid node-id mismatches (getsentry/snuba #6562).
import { spawn } from 'node:child_process';
import { exitStatusOf } from '../core/supervisor.ts';
import { AgentError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { KafkaConfig } from './config.ts';
import { assertMetaMatches, readMetaProperties, type MetaProperties } from './meta-properties.ts';
import { formatCommand } from './server-command.ts';

export type StoragePlan = 'formatted' | 'format' | 'format-missing';

export function storagePlan(metas: readonly MetaProperties[]): StoragePlan {
  const formatted = metas.filter((meta) => meta.values !== undefined).length;
  if (formatted === metas.length) return 'formatted';
  return formatted === 0 ? 'format' : 'format-missing';
}

/** Formats what is not yet formatted; resolves once every dir has this node's meta.properties. */
export async function formatStorage(
  config: KafkaConfig,
  prepared: { readonly metas: readonly MetaProperties[]; readonly log4j: 1 | 2 },
  logger: Logger,
  env: NodeJS.ProcessEnv,
): Promise<StoragePlan> {
  const plan = storagePlan(prepared.metas);
  if (plan === 'formatted') {
    logger.info(
      { dirs: prepared.metas.map((meta) => meta.path) },
      'storage already formatted for this node and cluster: not formatting',
    );
    return plan;
  }
  const command = formatCommand(config, prepared.log4j, plan === 'format-missing');
  logger.info(
    { plan, clusterId: config.clusterId, nodeId: config.id },
    'formatting storage with kafka-storage format',
  );
  const status = await runToEnd(command, env);
  if (status !== 0) {
    throw new AgentError(
      'AGENT_ERR_STORAGE_FORMAT',
      `kafka-storage format exited with status ${status} (its output is above). Nothing was started. ` +
        'Check the log dirs (KAFKA_LOG_DIRS) are writable volumes and belong to this node and cluster.',
    );
  }
  // The tool's word is not taken for it: every dir must now say this node and this cluster.
  for (const meta of prepared.metas) {
    const after = readMetaProperties(meta.path.replace(/\/meta\.properties$/, ''));
    if (!after.values) {
      throw new AgentError(
        'AGENT_ERR_STORAGE_FORMAT',
        `kafka-storage format succeeded but ${after.path} does not exist. Nothing was started.`,
      );
    }
    assertMetaMatches(after, { id: config.id, howDerived: 'just formatted', clusterId: config.clusterId });
  }
  return plan;
}

function runToEnd(command: readonly [string, ...string[]], env: NodeJS.ProcessEnv): Promise<number> {
  const [file, ...args] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    child.once('error', (error) =>
      reject(
        new AgentError(
          'AGENT_ERR_EXEC',
          `cannot start ${file} for kafka-storage format: ${error.message}. Set JAVA_HOME (e.g. JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64) or put java on PATH.`,
          127,
        ),
      ),
    );
    child.once('exit', (code, signal) => resolve(exitStatusOf(code, signal)));
  });
}
