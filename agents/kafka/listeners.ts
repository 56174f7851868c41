// Kafka's listener lists (`listeners`, `advertised.listeners`): `NAME://host:port`, comma-separated. The
// agent reads them to find the port its checks use and the controller port of the voters, and writes the
// advertised list with the pod's FQDN when the operator gives none.

export interface Listener {
  readonly name: string;
  /** '' for all interfaces (`PLAINTEXT://:9092`). */
  readonly host: string;
  readonly port: number;
}

const LISTENER = /^([A-Za-z_][A-Za-z0-9_-]*):\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]*):(\d{1,5})$/;

/** Parses a listener list; returns the item at fault when one is not `NAME://host:port`. */
export function parseListeners(
  text: string,
): { ok: true; listeners: Listener[] } | { ok: false; bad: string } {
  const listeners: Listener[] = [];
  for (const item of text.split(',').map((part) => part.trim())) {
    const match = LISTENER.exec(item);
    const port = match ? Number(match[3]) : 0;
    if (!match || port < 1 || port > 65535) return { ok: false, bad: item };
    listeners.push({ name: match[1]!.toUpperCase(), host: match[2]!, port });
  }
  return { ok: true, listeners };
}

export function formatListeners(listeners: readonly Listener[]): string {
  return listeners.map((l) => `${l.name}://${l.host}:${l.port}`).join(',');
}

/** `listener.security.protocol.map` as name → protocol; a name that is a protocol maps to itself. */
export function securityProtocolOf(name: string, map: string | undefined): string {
  for (const pair of (map ?? '').split(',')) {
    const [listener, protocol] = pair.split(':').map((part) => part.trim().toUpperCase());
    if (listener === name && protocol) return protocol;
  }
  return name;
}

/** Where the agent reaches a listener from inside the pod: its own address, or loopback for all interfaces. */
export function localAddress(listener: Listener): string {
  const host = listener.host.replace(/^\[|\]$/g, '');
  return host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}
