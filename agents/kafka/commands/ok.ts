// Exec probes (`kafka-agent ok [--ready]`): one check, its reason on stdout, exit 0 healthy / 1 not.
// Loads only the check, not fastify or the collectors; the protocol client only for readiness
// (liveness asks Kafka nothing: a look at /proc).
import type { Env } from '../../core/env.ts';
import type { OkOptions } from '../../core/verbs.ts';
import { kafkaChecks } from '../checks/index.ts';
import { partitionDirsOnDisk } from '../checks/partition-dirs.ts';
import { brokerProcessProbe, loadRuntimeConfig } from '../load-runtime.ts';
import { createKafkaView, type ClientFactory } from '../view.ts';

const noClient: ClientFactory = () => {
  throw new Error('liveness asks Kafka nothing');
};

export default async function ok(options: OkOptions, env: Env): Promise<number> {
  const config = loadRuntimeConfig(env, options.hostname);
  const view = createKafkaView(
    config.target,
    options.timeout ?? config.settings.AGENT_CHECK_TIMEOUT,
    options.ready ? (await import('../runtime-client.ts')).kafkaClientFactory() : noClient,
  );
  try {
    const check = options.ready ? kafkaChecks.readiness : kafkaChecks.liveness;
    const result = await check
      .run({
        id: config.id,
        roles: config.roles,
        view,
        processAlive: brokerProcessProbe(config),
        requireInSync: config.settings.AGENT_READY_IN_SYNC === 'true',
        partitionDirsOnDisk: partitionDirsOnDisk(config.logDirs),
      })
      .catch((error: Error) => ({ ok: false, reason: `check failed: ${error.message}` }));
    process.stdout.write(`${result.ok ? 'ok' : 'not ok'}: ${result.reason}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await view.close().catch(() => {});
  }
}
