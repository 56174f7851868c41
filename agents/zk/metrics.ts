import { Registry } from 'prom-client';
import type { Check } from '../core/check.ts';
import { createAgentSeries } from './collectors/agent.ts';
import { mergeFamilies, registerFamilies } from './collectors/family.ts';
import type { Family } from './collectors/family.ts';
import { mntrCollectors } from './collectors/index.ts';
import type { MntrCollector } from './collectors/index.ts';
import { parseMntr } from './collectors/mntr.ts';
import type { FourLetterResult } from './four-letter-word.ts';

export interface ZkMetricsOptions {
  /** Asks ZooKeeper for mntr; pass the agent's shared AskWord: `() => ask('mntr')`. */
  readonly fetchMntr: () => Promise<FourLetterResult>;
  /** Checks whose durations are recorded; their series exist (at 0) from the first scrape. */
  readonly checks?: readonly { readonly name: string }[];
  readonly collectors?: readonly MntrCollector[];
  /** Told why a collector produced nothing (for the log); the scrape itself still succeeds. */
  readonly onCollectorError?: (collector: string, detail: string) => void;
}

export interface ZkMetrics {
  /** The agent's own long-lived series; ZooKeeper's are computed per scrape and merged in render(). */
  readonly registry: Registry;
  readonly contentType: string;
  /** The whole /metrics text. Never rejects: a failed mntr shows as zk_agent_collector_success 0. */
  render(): Promise<string>;
  /** The same check, timed into zk_agent_check_duration_seconds{check=<name>}. */
  instrument<Deps>(check: Check<Deps>): Check<Deps>;
}

export function createZkMetrics(options: ZkMetricsOptions): ZkMetrics {
  const registry = new Registry();
  const collectors = options.collectors ?? mntrCollectors;
  const report = options.onCollectorError ?? (() => {});
  const own = createAgentSeries(
    registry,
    (options.checks ?? []).map((c) => c.name),
  );

  // ZooKeeper's part of the text, rendered once per mntr reply: the shared AskWord hands out one reply
  // object for up to its maxAgeMs, so a burst of scrapes formats ~900 lines once, not once per scrape.
  // The agent's own series (check durations change with every probe) are rendered on every scrape.
  let rendered: { reply: FourLetterResult; ok: boolean; text: string } | undefined;

  /** ZooKeeper's series as Prometheus text ('' when mntr gave none); sets up/collector_success. */
  async function renderMntr(): Promise<string> {
    const reply = await options.fetchMntr().catch((err: unknown): FourLetterResult => ({
      ok: false,
      word: 'mntr',
      reason: 'error',
      detail: String(err),
    }));
    // Not serving / not whitelisted are answers: the process is up even though mntr gave no metrics.
    own.up.set(reply.ok || reply.reason === 'not-serving' || reply.reason === 'not-whitelisted' ? 1 : 0);
    if (!reply.ok) return failed(reply.detail);
    if (rendered?.reply !== reply) {
      const mntr = parseMntr(reply.text);
      if (mntr.size === 0) return failed('mntr reply has no zk_<key>\\t<value> lines');
      const families: Family[] = [];
      let ok = true;
      for (const collector of collectors) {
        try {
          families.push(...collector.collect(mntr));
        } catch (err) {
          ok = false;
          report('mntr', `collector ${collector.name} failed: ${String(err)}`);
        }
      }
      const scrape = new Registry();
      registerFamilies(scrape, mergeFamilies(families));
      // As Registry.merge would: a ZooKeeper series must not take the name of one of the agent's own.
      for (const metric of scrape.getMetricsAsArray())
        if (registry.getSingleMetric(metric.name))
          throw new Error(`A metric with the name ${metric.name} has already been registered.`);
      const text = scrape.getMetricsAsArray().length > 0 ? await scrape.metrics() : '';
      rendered = { reply, ok, text };
    }
    own.collectorSuccess.set({ collector: 'mntr' }, rendered.ok ? 1 : 0);
    return rendered.text;
  }

  function failed(detail: string): string {
    own.collectorSuccess.set({ collector: 'mntr' }, 0);
    report('mntr', detail);
    return '';
  }

  return {
    registry,
    contentType: registry.contentType,
    async render() {
      // Registry.merge([own, scrape]).metrics() joins every family with a blank line: the same text.
      const server = await renderMntr();
      const ownText = await registry.metrics();
      return server === '' ? ownText : `${ownText}\n${server}`;
    },
    instrument(check) {
      return {
        name: check.name,
        async run(deps) {
          const end = own.checkDuration.startTimer({ check: check.name });
          try {
            return await check.run(deps);
          } finally {
            end();
          }
        },
      };
    },
  };
}
