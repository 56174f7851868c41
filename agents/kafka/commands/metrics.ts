// `kafka-agent metrics`: the Prometheus text once; `--raw` prints the JMX exporter's text as it is.
import type { Env } from '../../core/env.ts';
import type { MetricsOptions, ProgramIo } from '../../core/verbs.ts';
import { fetchJmxText } from '../jmx-exporter-client.ts';
import { loadKafkaConfig } from '../load.ts';
import { agentClientFactory } from '../protocol/agent-client.ts';
import { createKafkaView } from '../view.ts';

export default async function metrics(options: MetricsOptions, env: Env, io: ProgramIo): Promise<number> {
  const config = await loadKafkaConfig(env, { hostname: options.hostname });
  const timeoutMs = options.timeout ?? config.settings.AGENT_CHECK_TIMEOUT;
  const fetchJmx = () => fetchJmxText(config.settings.AGENT_JMX_EXPORTER_PORT, Math.max(timeoutMs, 5000));
  if (options.raw) {
    try {
      io.stdout.write(await fetchJmx());
      return 0;
    } catch (error) {
      io.stderr.write(`${(error as Error).message}\n`);
      return 1;
    }
  }
  // Loaded here, not at the top: `--raw` has no use for prom-client.
  const { createKafkaMetrics } = await import('../metrics.ts');
  const view = createKafkaView(config.target, timeoutMs, agentClientFactory(config));
  const failures: string[] = [];
  try {
    const text = await createKafkaMetrics({
      id: config.id,
      mode: config.mode,
      roles: config.roles,
      view,
      fetchJmx,
      ...(config.tls ? { tls: config.tls } : {}),
      onCollectorError: (collector, detail) => failures.push(`${collector}: ${detail}`),
    }).render();
    io.stdout.write(text);
  } finally {
    await view.close().catch(() => {});
  }
  // The text is printed either way (its collector_success series say what failed); the exit code tells a script.
  for (const failure of failures) io.stderr.write(`${failure}\n`);
  return failures.length > 0 ? 1 : 0;
}
