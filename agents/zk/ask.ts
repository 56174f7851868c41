import type { ConnectionOptions } from 'node:tls';
import { singleFlight } from '../core/single-flight.ts';
import type { SingleFlightOptions } from '../core/single-flight.ts';
import { fourLetterWord } from './four-letter-word.ts';
import type { FourLetterOptions, FourLetterResult } from './four-letter-word.ts';
import type { ZkSettings } from './settings.ts';

/** Asks the local ZooKeeper one four-letter word; what checks and collectors depend on. */
export type AskWord = (word: string) => Promise<FourLetterResult>;

/**
 * One AskWord per agent, shared by probes and scrapes: the same word asked concurrently (or again
 * within maxAgeMs) reuses one connection's answer, so a probe storm cannot pile onto ZooKeeper.
 */
export function createAsk(options: FourLetterOptions & SingleFlightOptions = {}): AskWord {
  const flight = singleFlight<string, FourLetterResult>(options);
  return (word) => flight(word, () => fourLetterWord(word, options));
}

/**
 * The client the settings describe: on 127.0.0.1 (or `host`) within AGENT_CHECK_TIMEOUT, at
 * ZK_CLIENT_PORT, or with AGENT_TLS_DIR at ZK_SECURE_CLIENT_PORT over TLS with the pod's own certificate
 * as its server has it under ZK_CONF_DIR (there is no plaintext port then, not even for the agent).
 */
export function askFor(
  settings: Pick<
    ZkSettings,
    'ZK_CLIENT_PORT' | 'ZK_SECURE_CLIENT_PORT' | 'AGENT_TLS_DIR' | 'ZK_CONF_DIR' | 'AGENT_CHECK_TIMEOUT'
  >,
  overrides: { host?: string; timeoutMs?: number; staleMs?: number } = {},
): AskWord {
  const { host, timeoutMs, staleMs } = overrides;
  const tlsDir = settings.AGENT_TLS_DIR;
  return createAsk({
    port: tlsDir ? settings.ZK_SECURE_CLIENT_PORT : settings.ZK_CLIENT_PORT,
    timeoutMs: timeoutMs ?? settings.AGENT_CHECK_TIMEOUT,
    ...(tlsDir ? { tls: () => podClientTls(tlsDir, settings.ZK_CONF_DIR) } : {}),
    ...(host === undefined ? {} : { host }),
    ...(staleMs === undefined ? {} : { staleMs }),
  });
}

/**
 * The agent's client identity: what its server has loaded (core clientTlsOptions says why not the Secret
 * as mounted), read at every word so an accepted renewal is used at once. The TLS code is loaded only for
 * a TLS pod.
 */
async function podClientTls(tlsDir: string, confDir: string): Promise<ConnectionOptions> {
  const { clientTlsOptions, serverTlsOf } = await import('../core/tls/server-tls.ts');
  return clientTlsOptions(serverTlsOf(tlsDir, confDir)!);
}
