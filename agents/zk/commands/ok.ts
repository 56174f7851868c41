// Exec probes (`zk-agent ok [--ready]`): one check, its reason on stdout, exit 0 healthy / 1 not.
// Loads only the four-letter-word client and the check, not fastify or the collectors.
import type { Env } from '../../core/env.ts';
import type { OkOptions, ProgramIo } from '../../core/verbs.ts';
import { askFor } from '../ask.ts';
import { zkChecks } from '../checks/index.ts';
import { loadZkSettings } from '../load.ts';

export default async function ok(options: OkOptions, env: Env, io: ProgramIo): Promise<number> {
  const settings = loadZkSettings(env);
  const ask = askFor(settings, { timeoutMs: options.timeout });
  const check = options.ready ? zkChecks.readiness : zkChecks.liveness;
  const result = await check.run({ ask, replicas: settings.ZK_REPLICAS });
  io.stdout.write(`${result.ok ? 'ok' : 'not ok'}: ${result.reason}\n`);
  return result.ok ? 0 : 1;
}
