// `zk-agent metrics`: the Prometheus text once (the zkMetrics.sh replacement); `--raw` prints mntr as is.
import type { Env } from '../../core/env.ts';
import type { MetricsOptions, ProgramIo } from '../../core/verbs.ts';
import { askFor } from '../ask.ts';
import { loadZkSettings } from '../load.ts';

export default async function metrics(options: MetricsOptions, env: Env, io: ProgramIo): Promise<number> {
  const settings = loadZkSettings(env);
  const ask = askFor(settings, { timeoutMs: options.timeout });
  if (options.raw) {
    const reply = await ask('mntr');
    if (!reply.ok) {
      io.stderr.write(`${reply.detail}\n`);
      return 1;
    }
    io.stdout.write(reply.text);
    return 0;
  }
  // Loaded here, not at the top: `--raw` has no use for prom-client, the collectors and the TLS gauge.
  const { createZkMetrics } = await import('../metrics.ts');
  const { serverTlsOf } = await import('../../core/tls/server-tls.ts');
  let failure: string | undefined;
  const text = await createZkMetrics({
    fetchMntr: () => ask('mntr'),
    onCollectorError: (_, detail) => (failure = detail),
    tls: serverTlsOf(settings.AGENT_TLS_DIR, settings.ZK_CONF_DIR),
  }).render();
  io.stdout.write(text);
  // The text is printed either way (it says zookeeper_up 0); the exit code tells a script it failed.
  if (failure) io.stderr.write(`${failure}\n`);
  return failure ? 1 : 0;
}
