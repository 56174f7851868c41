// `kafka-agent status`: a human summary (id, roles, cluster id, controller or quorum leader, this broker's
// partitions and how many are not in sync yet). Exit 1 when the broker could not be asked.
import type { Env } from '../../core/env.ts';
import type { CommonOptions, ProgramIo } from '../../core/verbs.ts';
import { loadKafkaConfig } from '../load.ts';
import { agentClientFactory } from '../protocol/agent-client.ts';
import { formatKafkaStatus, kafkaStatus } from '../status.ts';
import { createKafkaView } from '../view.ts';

export default async function status(options: CommonOptions, env: Env, io: ProgramIo): Promise<number> {
  const config = await loadKafkaConfig(env, { hostname: options.hostname });
  const view = createKafkaView(
    config.target,
    config.settings.AGENT_CHECK_TIMEOUT,
    agentClientFactory(config),
  );
  try {
    const summary = await kafkaStatus(config, view);
    io.stdout.write(formatKafkaStatus(summary));
    return summary.errors.length > 0 ? 1 : 0;
  } finally {
    await view.close().catch(() => {});
  }
}
