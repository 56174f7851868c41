import { Registry } from 'prom-client';
import type { Check } from '../core/check.ts';
import { timedCheck } from '../core/timed-check.ts';
import { registerTlsExpiry } from '../core/tls/expiry-gauge.ts';
import type { ServerTls } from '../core/tls/server-tls.ts';
import { createAgentSeries } from './collectors/agent.ts';
import { mergeFamilies, registerFamilies } from './collectors/family.ts';
import type { Family } from './collectors/family.ts';
import { mntrCollectors } from './collectors/index.ts';
import type { MntrCollector } from './collectors/index.ts';
import { parseMntr } from './collectors/mntr.ts';
import type { FourLetterResult } from './four-letter-word.ts';

export interface ZkMetricsOptions {
  /**
   * Asks ZooKeeper for mntr. How fresh the series are is this function's business: the agent passes an
   * AskWord whose single-flight reuses an answer for 1 s and serves it stale up to 2 s while one refresh
   * runs (runtime.ts), so a burst of scrapes never waits for ZooKeeper and costs it one connection.
   */
  readonly fetchMntr: () => Promise<FourLetterResult>;
  /** Checks whose durations are recorded; their series exist (at 0) from the first scrape. */
  readonly checks?: readonly { readonly name: string }[];
  readonly collectors?: readonly MntrCollector[];
  /** Told why a collector produced nothing or a series was dropped (for the log); the scrape still succeeds. */
  readonly onCollectorError?: (collector: string, detail: string) => void;
  /** The pod's mounted certificate (AGENT_TLS_DIR): its expiry becomes a series of the agent's own. */
  readonly tls?: ServerTls;
}

export interface ZkMetrics {
  /** The whole /metrics text. Never rejects: a failed mntr shows as zk_agent_collector_success 0. */
  render(): Promise<string>;
  /**
   * The same text as UTF-8, for the HTTP server. Scrapes that see the same text share one Buffer, so a
   * burst of 50 scrapes encodes ~45 KB once rather than 50 times (and leaves that much less garbage).
   */
  renderBuffer(): Promise<Buffer>;
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
  if (options.tls) registerTlsExpiry(registry, 'zk_agent', options.tls);

  // ZooKeeper's part of the text, rendered once per mntr reply: every scrape that gets the same reply
  // object (fetchMntr shares one per reuse window) shares one rendering, including the scrapes that
  // arrive while it is being made, so a burst formats ~900 lines once, not once per scrape. The agent's
  // own series (check durations change with every probe) are rendered anew every turn of the event loop.
  interface Rendering {
    /** ZooKeeper's series as Prometheus text ('' when mntr gave none). */
    readonly text: string;
    readonly up: 0 | 1;
    readonly success: 0 | 1;
  }
  let last: { reply: FourLetterResult; rendering: Promise<Rendering> } | undefined;

  async function current(): Promise<Rendering> {
    const reply = await options.fetchMntr().catch((err: unknown): FourLetterResult => ({
      ok: false,
      word: 'mntr',
      reason: 'error',
      detail: String(err),
    }));
    if (last?.reply !== reply) {
      // A rendering that throws is a failed collector, not a failed scrape.
      const rendering = renderMntr(reply).catch((err: unknown) =>
        failed(reply.ok ? 1 : 0, `rendering failed: ${String(err)}`),
      );
      last = { reply, rendering };
    }
    return last.rendering;
  }

  async function renderMntr(reply: FourLetterResult): Promise<Rendering> {
    // Not serving / not whitelisted are answers: the process is up even though mntr gave no metrics.
    const up = reply.ok || reply.reason === 'not-serving' || reply.reason === 'not-whitelisted' ? 1 : 0;
    if (!reply.ok) return failed(up, reply.detail);
    const mntr = parseMntr(reply.text);
    if (mntr.size === 0) return failed(up, 'mntr reply has no zk_<key>\\t<value> lines');
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
    const conflict = (detail: string) => {
      ok = false;
      report('mntr', detail);
    };
    // A ZooKeeper series must not take the name of one of the agent's own (an mntr key zk_up would
    // print a second zookeeper_up): the agent's series stay, ZooKeeper's is dropped and reported, so
    // one odd key costs one series, not the scrape.
    const theirs = families.filter((family) => {
      if (!registry.getSingleMetric(family.name)) return true;
      conflict(
        `${family.name}: dropped the ${family.type} from "${family.help}": the agent's own series has that name`,
      );
      return false;
    });
    const scrape = new Registry();
    registerFamilies(scrape, mergeFamilies(theirs, conflict));
    const text = scrape.getMetricsAsArray().length > 0 ? await scrape.metrics() : '';
    return { text, up, success: ok ? 1 : 0 };
  }

  function failed(up: 0 | 1, detail: string): Rendering {
    report('mntr', detail);
    return { text: '', up, success: 0 };
  }

  async function texts(): Promise<{ own: string; server: Rendering }> {
    const server = await current();
    own.up.set(server.up);
    own.collectorSuccess.set({ collector: 'mntr' }, server.success);
    return { own: await ownText(server), server };
  }
  // Scrapes handled in the same turn of the event loop (a burst of scrapers) share one rendering of the
  // agent's own series: nothing can change between them but a check finishing, which is then as if the
  // scrape had come a moment earlier. The next turn renders anew.
  let ownRendered: { server: Rendering; text: Promise<string> } | undefined;
  function ownText(server: Rendering): Promise<string> {
    if (ownRendered?.server !== server) {
      ownRendered = { server, text: registry.metrics() };
      const rendered = ownRendered;
      setImmediate(() => {
        if (ownRendered === rendered) ownRendered = undefined;
      });
    }
    return ownRendered.text;
  }
  let body: { own: string; server: Rendering; buffer: Buffer } | undefined;

  return {
    async render() {
      const { own: ownText, server } = await texts();
      return join(ownText, server.text);
    },
    async renderBuffer() {
      const { own: ownText, server } = await texts();
      if (body?.own !== ownText || body.server !== server)
        body = { own: ownText, server, buffer: Buffer.from(join(ownText, server.text)) };
      return body.buffer;
    },
    instrument: (check) => timedCheck(own.checkDuration, check),
  };
}

/** Registry.merge([own, scrape]).metrics() joins every family with a blank line: the same text. */
function join(ownText: string, server: string): string {
  return server === '' ? ownText : `${ownText}\n${server}`;
}
