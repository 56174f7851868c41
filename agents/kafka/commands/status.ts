// `kafka-agent status`: a human summary (id, roles, cluster id, controller or quorum leader, this broker's
// partitions and how many are not in sync yet). Exit 1 when the broker could not be asked.
import type { Env } from '../../core/env.ts';
import type { CommonOptions } from '../../core/verbs.ts';
import { loadRuntimeConfig } from '../load-runtime.ts';
import { kafkaClientFactory } from '../runtime-client.ts';
import { formatKafkaStatus, kafkaStatus } from '../status.ts';
import { createKafkaView } from '../view.ts';

export default async function status(options: CommonOptions, env: Env): Promise<number> {
  const config = loadRuntimeConfig(env, options.hostname);
  const view = createKafkaView(config.target, config.settings.AGENT_CHECK_TIMEOUT, kafkaClientFactory());
  try {
    const summary = await kafkaStatus(config, view);
    process.stdout.write(formatKafkaStatus(summary));
    return summary.errors.length > 0 ? 1 : 0;
  } finally {
    await view.close().catch(() => {});
  }
}
