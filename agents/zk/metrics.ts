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
  /** Told why a collector produced nothing or a series was dropped (for the log); the scrape still succeeds. */
  readonly onCollectorError?: (collector: string, detail: string) => void;
  /** How long a rendering of ZooKeeper's series is served as is, in ms (the shared AskWord's reuse window). */
  readonly freshMs?: number;
  /** Past freshMs and up to this age (ms) a scrape gets the last rendering while a newer one is fetched. */
  readonly staleMs?: number;
  /** Monotonic clock in ms; tests pass their own. */
  readonly now?: () => number;
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

  const freshMs = options.freshMs ?? 1000;
  const staleMs = options.staleMs ?? 2 * freshMs;
  const now = options.now ?? (() => performance.now());

  // ZooKeeper's part of the text, rendered once per mntr reply and shared by every scrape until it is
  // freshMs old: a burst of scrapes formats ~900 lines once, not once per scrape (concurrent scrapes
  // share the one refresh in flight). The agent's own series (check durations change with every probe)
  // are rendered anew on every turn of the event loop (ownText below).
  //
  // Freshness trade-off (stale-while-revalidate): from freshMs to staleMs (1 s to 2 s by default) a
  // scrape is answered at once with the last rendering while one refresh asks ZooKeeper in the
  // background; it never waits for mntr. So ZooKeeper's series may be up to staleMs old (plus the
  // time mntr took), where they were up to freshMs old before. Past staleMs, or before the first
  // rendering, the scrape waits for the fresh answer as it always did, so a failure (zookeeper_up 0)
  // shows at most staleMs late. zookeeper_up and collector_success always describe the rendering served.
  let last: Rendering | undefined;
  let refreshing: Promise<Rendering> | undefined;

  interface Rendering {
    readonly reply: FourLetterResult;
    /** now() when the reply arrived: the age of the data in `text`. */
    readonly at: number;
    /** ZooKeeper's series as Prometheus text ('' when mntr gave none). */
    readonly text: string;
    readonly up: 0 | 1;
    readonly success: 0 | 1;
  }

  /** One mntr round trip and rendering at a time; concurrent callers share it. */
  function refresh(): Promise<Rendering> {
    refreshing ??= renderMntr().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  async function renderMntr(): Promise<Rendering> {
    const reply = await options.fetchMntr().catch((err: unknown): FourLetterResult => ({
      ok: false,
      word: 'mntr',
      reason: 'error',
      detail: String(err),
    }));
    // The shared AskWord may hand back the reply this rendering came from: same data, same age.
    if (last?.reply === reply) return last;
    // Not serving / not whitelisted are answers: the process is up even though mntr gave no metrics.
    const up = reply.ok || reply.reason === 'not-serving' || reply.reason === 'not-whitelisted' ? 1 : 0;
    const at = now();
    let rendering: Rendering;
    if (!reply.ok) rendering = failed(reply, at, up, reply.detail);
    else {
      const mntr = parseMntr(reply.text);
      if (mntr.size === 0) rendering = failed(reply, at, up, 'mntr reply has no zk_<key>\\t<value> lines');
      else {
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
        rendering = { reply, at, text, up, success: ok ? 1 : 0 };
      }
    }
    last = rendering;
    return rendering;
  }

  function failed(reply: FourLetterResult, at: number, up: 0 | 1, detail: string): Rendering {
    report('mntr', detail);
    return { reply, at, text: '', up, success: 0 };
  }

  /** The rendering this scrape gets: fresh, stale while a refresh runs, or waited for. */
  async function current(): Promise<Rendering> {
    const age = last ? now() - last.at : Infinity;
    if (last && age <= freshMs) return last;
    const next = refresh();
    if (last && age <= staleMs) {
      next.catch(() => {}); // a refresh that throws surfaces on the scrape that waits for one
      return last;
    }
    return next;
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

/** Registry.merge([own, scrape]).metrics() joins every family with a blank line: the same text. */
function join(ownText: string, server: string): string {
  return server === '' ? ownText : `${ownText}\n${server}`;
}
