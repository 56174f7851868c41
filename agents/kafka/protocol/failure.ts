import { NetworkError, ProtocolError, TimeoutError } from './library.ts';

/** Why a call to Kafka gave no usable answer. */
export type KafkaFailure =
  'timeout' | 'refused' | 'unresolved' | 'closed' | 'unsupported' | 'protocol' | 'client-closed' | 'error';

/** A failed call, with a one-line message an operator can read; the library's error is the `cause`. */
export class KafkaCallError extends Error {
  override readonly name = 'KafkaCallError';
  readonly reason: KafkaFailure;
  constructor(reason: KafkaFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

export interface CallContext {
  /** The Kafka API or step, e.g. "Metadata". */
  readonly call: string;
  /** host:port the call went to. */
  readonly where: string;
  readonly timeoutMs: number;
}

export function timeoutError(context: CallContext, cause?: unknown): KafkaCallError {
  const { call, where, timeoutMs } = context;
  return new KafkaCallError('timeout', `${call}: no answer from ${where} within ${timeoutMs} ms`, { cause });
}

// Node's errno codes worth a sentence of their own; the rest are shown as they come.
const CLOSED_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const UNRESOLVED_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);
const UNREACHABLE_CODES = new Set(['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/**
 * Turns whatever the library rejected with (its errors nest: MultipleErrors → NetworkError → the socket's
 * errno error) into a KafkaCallError whose message names the address and what happened, e.g.
 * "connection refused on 127.0.0.1:9092". The address comes from the errno error when it has one, as the
 * failing broker need not be the one the call started on.
 */
export function toKafkaCallError(error: unknown, context: CallContext): KafkaCallError {
  if (error instanceof KafkaCallError) return error;
  const { call, where } = context;
  const errors = flatten(error);

  const errno = errors.find(isSystemError);
  if (errno) {
    const at = addressOf(errno) ?? where;
    if (errno.code === 'ECONNREFUSED')
      return new KafkaCallError('refused', `connection refused on ${at}`, { cause: error });
    if (UNRESOLVED_CODES.has(errno.code)) {
      const host = (errno as { hostname?: string }).hostname ?? at;
      return new KafkaCallError('unresolved', `cannot resolve ${host} (${errno.code})`, { cause: error });
    }
    if (CLOSED_CODES.has(errno.code))
      return new KafkaCallError('closed', `${at} closed the connection during ${call} (${errno.code})`, {
        cause: error,
      });
    if (UNREACHABLE_CODES.has(errno.code))
      return new KafkaCallError('refused', `cannot reach ${at} (${errno.code})`, { cause: error });
    return new KafkaCallError('error', `${call} on ${at} failed: ${errno.code}`, { cause: error });
  }

  const protocol = errors.find((e): e is ProtocolError => e instanceof ProtocolError);
  if (protocol) {
    const id: unknown = protocol.apiId;
    const serverMessage: unknown = protocol.serverErrorMessage;
    // Brokers often send the error's stock description as the message: only a different one says more.
    const detail =
      typeof serverMessage === 'string' && serverMessage !== '' && serverMessage !== protocol.message
        ? `: ${serverMessage}`
        : '';
    const what = typeof id === 'string' ? id : protocol.message;
    return new KafkaCallError('protocol', `${call} on ${where} failed: ${what}${detail}`, { cause: error });
  }
  // The library's TimeoutError carries NetworkError's code: test the class first.
  if (errors.some((e) => e instanceof TimeoutError)) return timeoutError(context, error);
  const network = errors.find((e): e is NetworkError => e instanceof NetworkError);
  if (network?.closed === true)
    return new KafkaCallError('client-closed', `${call}: the Kafka client is closed`, { cause: error });
  if (network && /^Connection closed/.test(network.message))
    return new KafkaCallError('closed', `${where} closed the connection during ${call}`, { cause: error });

  const last = errors.at(-1);
  const message = last instanceof Error ? last.message : String(error);
  return new KafkaCallError('error', `${call} on ${where} failed: ${message}`, { cause: error });
}

/** The error and everything it wraps (AggregateError's `errors`, `cause`), outermost first. */
function flatten(error: unknown, seen = new Set<unknown>()): unknown[] {
  if (error === null || error === undefined || seen.has(error)) return [];
  seen.add(error);
  const out: unknown[] = [error];
  if (error instanceof AggregateError) for (const inner of error.errors) out.push(...flatten(inner, seen));
  if (error instanceof Error && error.cause !== undefined) out.push(...flatten(error.cause, seen));
  return out;
}

/** Node's socket and DNS errors: an errno code (ECONNREFUSED, ENOTFOUND, …) and the syscall that failed. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  const { code, syscall } = error as Partial<NodeJS.ErrnoException>;
  return error instanceof Error && typeof code === 'string' && typeof syscall === 'string';
}

function addressOf(error: NodeJS.ErrnoException): string | undefined {
  const { address, port } = error as { address?: string; port?: number };
  if (address === undefined) return undefined;
  return port === undefined ? address : `${address}:${port}`;
}
