import net from 'node:net';
import type { ConnectionOptions } from 'node:tls';

/** Why a four-letter word gave no usable answer. */
export type FourLetterFailure =
  'timeout' | 'refused' | 'not-serving' | 'not-whitelisted' | 'empty' | 'tls' | 'error';

export type FourLetterResult =
  | { readonly ok: true; readonly word: string; readonly text: string }
  | {
      readonly ok: false;
      readonly word: string;
      readonly reason: FourLetterFailure;
      readonly detail: string;
    };

export interface FourLetterOptions {
  readonly host?: string;
  readonly port?: number;
  /** One deadline for connect, send and read (ms). */
  readonly timeoutMs?: number;
  /**
   * Set: the word goes over TLS (ZooKeeper's secureClientPort answers four-letter words once the
   * handshake, client certificate included, is done). Called for every connection, so a rotated
   * certificate is used from the next word on.
   */
  readonly tls?: () => ConnectionOptions | Promise<ConnectionOptions>;
}

const FOUR_LETTER_DEFAULTS = { host: '127.0.0.1', port: 2181, timeoutMs: 1000 } as const;

// mntr on 3.9 is ~30 KiB; anything far larger is not ZooKeeper talking.
const MAX_REPLY_BYTES = 1 << 20;
const NOT_SERVING = 'This ZooKeeper instance is not currently serving requests';
// Since 3.5.3 unlisted words get this text instead of an answer (31z4/zookeeper-docker #76, #86).
const NOT_WHITELISTED = /^(\S+) is not executed because it is not in the whitelist\./;

/**
 * Sends one four-letter word and reads until the server closes the connection. We never half-close
 * first: ZooKeeper may then drop the reply and the client reads '' (pravega/zookeeper-operator #475).
 */
export async function fourLetterWord(
  word: string,
  options: FourLetterOptions = {},
): Promise<FourLetterResult> {
  const { host, port, timeoutMs } = { ...FOUR_LETTER_DEFAULTS, ...options };
  const where = `${host}:${port}`;
  let secure: { options: ConnectionOptions; connect: typeof import('node:tls').connect } | undefined;
  if (options.tls) {
    try {
      // node:tls only here: an exec probe of a plaintext pod does not load it.
      secure = { options: await options.tls(), connect: (await import('node:tls')).connect };
    } catch (err) {
      // The mounted files unreadable (a Secret being swapped, a volume gone): no connection is tried.
      const why = (err as NodeJS.ErrnoException).code ?? String(err);
      const detail = `cannot read the TLS client certificate for ZooKeeper at ${where}: ${why}`;
      return { ok: false, word, reason: 'tls', detail };
    }
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: FourLetterResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const fail = (reason: FourLetterFailure, detail: string): void =>
      finish({ ok: false, word, reason, detail });

    const socket = secure ? secure.connect({ ...secure.options, host, port }) : net.connect({ host, port });
    const timer = setTimeout(() => {
      const got = size > 0 ? ` (${size} bytes received before the deadline)` : '';
      fail('timeout', `no complete "${word}" reply from ZooKeeper at ${where} within ${timeoutMs} ms${got}`);
    }, timeoutMs);
    timer.unref();

    let connected = false;
    socket.on(secure ? 'secureConnect' : 'connect', () => {
      connected = true;
      socket.write(word);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > MAX_REPLY_BYTES)
        fail('error', `"${word}" reply from ${where} exceeds ${MAX_REPLY_BYTES} bytes`);
    });
    socket.on('end', () => finish(interpret(word, where, Buffer.concat(chunks).toString('utf8'))));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED')
        fail('refused', `connection to ZooKeeper at ${where} refused: is it running?`);
      // A handshake refused either way: our certificate (TLS 1.3 tells the client only after its own
      // handshake is done, as an alert instead of a reply), or theirs (not of our CA, expired).
      else if (isTlsFailure(err))
        fail('tls', `TLS handshake with ZooKeeper at ${where} failed: ${tlsReason(err)} (${err.code})`);
      // Accepted, then reset before a word came back: ZooKeeper closing every connection as it changes
      // role, like a close without a reply ('empty'), only with our word still unread on its side.
      else if (connected && size === 0 && (err.code === 'ECONNRESET' || err.code === 'EPIPE'))
        fail('empty', `ZooKeeper at ${where} reset the connection without answering "${word}"`);
      else fail('error', `"${word}" to ZooKeeper at ${where} failed: ${err.code ?? err.message}`);
    });
  });
}

function isTlsFailure(err: NodeJS.ErrnoException): boolean {
  const code = err.code ?? '';
  return /^ERR_(SSL|TLS)_|CERT|SELF_SIGNED|UNABLE_TO_/.test(code);
}

/** OpenSSL's own words (`ssl/tls alert bad certificate`) without its file and line, or Node's. */
function tlsReason(err: NodeJS.ErrnoException & { reason?: string }): string {
  return (err.reason ?? err.message).split('\n')[0]!;
}

function interpret(word: string, where: string, text: string): FourLetterResult {
  const trimmed = text.trim();
  if (trimmed === '') {
    return {
      ok: false,
      word,
      reason: 'empty',
      detail: `ZooKeeper at ${where} closed without answering "${word}"`,
    };
  }
  if (trimmed === NOT_SERVING) {
    const detail = `ZooKeeper at ${where} is not serving requests (not in a quorum, e.g. electing a leader)`;
    return { ok: false, word, reason: 'not-serving', detail };
  }
  const blocked = NOT_WHITELISTED.exec(trimmed);
  if (blocked) {
    const detail =
      `ZooKeeper at ${where} refuses "${blocked[1]}": it is not in 4lw.commands.whitelist; ` +
      `add ${blocked[1]} to ZK_4LW_WHITELIST (e.g. ZK_4LW_WHITELIST=ruok,mntr,srvr) and restart the pod`;
    return { ok: false, word, reason: 'not-whitelisted', detail };
  }
  return { ok: true, word, text };
}
