// Exec probes (`kafka-agent ok [--ready]`): one check, its reason on stdout, exit 0 healthy / 1 not.
// Loads only the check, not fastify or the collectors; the protocol client only for readiness
// (liveness asks Kafka nothing: a look at /proc).
import type { Env } from '../../core/env.ts';
import type { OkOptions, ProgramIo } from '../../core/verbs.ts';
import { brokerProcessProbe } from '../broker-process.ts';
import { kafkaCheckDeps } from '../checks/deps.ts';
import { kafkaChecks } from '../checks/index.ts';
import { loadKafkaConfig } from '../load.ts';
import { createKafkaView, type ClientFactory } from '../view.ts';

const noClient: ClientFactory = () => {
  throw new Error('liveness asks Kafka nothing');
};

export default async function ok(options: OkOptions, env: Env, io: ProgramIo): Promise<number> {
  const config = await loadKafkaConfig(env, { hostname: options.hostname });
  const view = createKafkaView(
    config.target,
    options.timeout ?? config.settings.AGENT_CHECK_TIMEOUT,
    options.ready ? (await import('../protocol/agent-client.ts')).agentClientFactory(config) : noClient,
  );
  try {
    const check = options.ready ? kafkaChecks.readiness : kafkaChecks.liveness;
    const result = await check
      .run(kafkaCheckDeps(config, view, brokerProcessProbe(config)))
      .catch((error: Error) => ({ ok: false, reason: `check failed: ${error.message}` }));
    io.stdout.write(`${result.ok ? 'ok' : 'not ok'}: ${result.reason}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await view.close().catch(() => {});
  }
}
