// A long-lived prober for the TLS benchmarks, in a process of its own so that its CPU is only the probes'
// (the benchmark process reads /proc and keeps the servers' harness). Started with a JSON list of targets,
// it reads one target index per line on stdin, asks that target the agent's readiness question with the
// agent's own client code, and answers one JSON line: ok, latency, the CPU this process spent, and for TLS
// whether the handshake resumed a session.
//   zk: `srvr` through agents/zk/four-letter-word.ts (ZooKeeper closes after every word, so each is a new
//       connection); with `tls`, the options the agent presents (agents/core/tls/server-tls.ts); `resume`
//       offers the session ticket of the previous connection to the same target.
//   kafka: Metadata through agents/kafka/protocol/client.ts and the agent's in-sync verdict; `fresh`
//       makes a client (a connection) per probe and closes it, otherwise one client is kept, as the
//       agent's pool keeps its connection.
import { createInterface } from 'node:readline';
import tls from 'node:tls';
import { syncBuiltinESMExports } from 'node:module';
import { inSyncReport } from '../../agents/kafka/checks/in-sync.ts';
import { createKafkaClient } from '../../agents/kafka/protocol/client.ts';
import type { KafkaClient } from '../../agents/kafka/protocol/types.ts';
import { clientTlsOptions, serverTlsOf } from '../../agents/core/tls/server-tls.ts';
import { fourLetterWord } from '../../agents/zk/four-letter-word.ts';

export type ProberTarget =
  | {
      readonly kind: 'zk';
      readonly port: number;
      /** The pod's AGENT_TLS_DIR and conf dir: the agent's client identity is the keystore written there. */
      readonly tls?: { readonly dir: string; readonly confDir: string };
      readonly resume?: boolean;
    }
  | {
      readonly kind: 'kafka';
      readonly host: string;
      readonly port: number;
      readonly nodeId: number;
      readonly tls?: { readonly dir: string; readonly confDir: string };
      readonly fresh: boolean;
    };

export interface ProbeAnswer {
  readonly ok: boolean;
  readonly detail?: string;
  readonly ms: number;
  readonly cpuMs: number;
  /** TLS only: whether the handshake resumed a session (an abbreviated handshake). */
  readonly reused?: boolean;
}

const TIMEOUT_MS = 2000;

// The agent's four-letter-word client keeps no session, so to offer one the prober wraps node:tls's
// connect (which the client imports per word): it adds the target's last ticket and notes each new one.
// syncBuiltinESMExports carries the wrapped function over to the ESM namespace the client imports.
let offer: { session: Buffer | undefined; noted: (socket: tls.TLSSocket) => void } | undefined;
const connect = tls.connect;
// Only the four-letter-word client's calls (one options object) are touched; the Kafka library's pass.
(tls as { connect: typeof tls.connect }).connect = ((...args: Parameters<typeof tls.connect>) => {
  if (!offer) return connect(...args);
  const options = args[0] as tls.ConnectionOptions;
  const socket = connect(offer.session ? { ...options, session: offer.session } : options);
  offer.noted(socket);
  return socket;
}) as typeof tls.connect;
syncBuiltinESMExports();

function zkProbe(
  target: Extract<ProberTarget, { kind: 'zk' }>,
): () => Promise<Omit<ProbeAnswer, 'ms' | 'cpuMs'>> {
  const files = target.tls ? serverTlsOf(target.tls.dir, target.tls.confDir) : undefined;
  let session: Buffer | undefined;
  return async () => {
    let reused: boolean | undefined;
    offer = {
      session: target.resume ? session : undefined,
      noted: (socket) => {
        // Read at the handshake: once the word is answered the socket is destroyed and knows nothing.
        socket.once('secureConnect', () => (reused = socket.isSessionReused()));
        socket.on('session', (ticket: Buffer) => (session = ticket));
      },
    };
    try {
      const reply = await fourLetterWord('srvr', {
        port: target.port,
        timeoutMs: TIMEOUT_MS,
        ...(files ? { tls: () => clientTlsOptions(files) } : {}),
      });
      const detail = reply.ok ? undefined : reply.detail;
      return { ok: reply.ok, detail, ...(reused === undefined ? {} : { reused }) };
    } finally {
      offer = undefined;
    }
  };
}

function kafkaProbe(
  target: Extract<ProberTarget, { kind: 'kafka' }>,
): () => Promise<Omit<ProbeAnswer, 'ms' | 'cpuMs'>> {
  const files = target.tls ? serverTlsOf(target.tls.dir, target.tls.confDir) : undefined;
  // As agents/kafka/protocol/agent-client.ts builds the agent's client.
  const client = (): KafkaClient =>
    createKafkaClient({
      host: target.host,
      port: target.port,
      timeoutMs: TIMEOUT_MS,
      clientId: 'kafka-agent',
      ...(files ? { tls: clientTlsOptions(files) } : {}),
    });
  let kept: KafkaClient | undefined;
  return async () => {
    const using = target.fresh ? client() : (kept ??= client());
    try {
      const report = inSyncReport(await using.metadata(), target.nodeId);
      const ok = report.registered && report.notInSync.length === 0;
      return { ok, detail: ok ? undefined : `registered ${report.registered}` };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    } finally {
      if (target.fresh) await using.close();
    }
  };
}

const targets = JSON.parse(process.argv[2]!) as ProberTarget[];
const probes = targets.map((target) => (target.kind === 'zk' ? zkProbe(target) : kafkaProbe(target)));
console.log(JSON.stringify({ ready: true }));
for await (const line of createInterface({ input: process.stdin })) {
  const probe = probes[Number(line)]!;
  const before = process.cpuUsage();
  const started = performance.now();
  const answer = await probe();
  const ms = performance.now() - started;
  const used = process.cpuUsage(before);
  console.log(JSON.stringify({ ...answer, ms, cpuMs: (used.user + used.system) / 1000 }));
}
