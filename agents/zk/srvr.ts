// `srvr`, the four-letter word ZooKeeper always answers (whitelisted or not since 3.5.3): `Name: value`
// lines. One parser for readiness, status and the ensemble view.

export interface Srvr {
  /** leader | follower | observer | standalone | read-only; undefined when the reply has no Mode line. */
  readonly mode: string | undefined;
  /** `3.9.5-<revision>`, without the build date. */
  readonly version: string | undefined;
  readonly zxid: string | undefined;
  readonly nodeCount: number | undefined;
}

export function parseSrvr(text: string): Srvr {
  const field = (name: string) => new RegExp(`^${name}: (.+)$`, 'm').exec(text)?.[1]?.trim();
  const nodeCount = Number(field('Node count'));
  return {
    mode: field('Mode'),
    version: field('Zookeeper version')?.split(',')[0],
    zxid: field('Zxid'),
    nodeCount: Number.isFinite(nodeCount) && field('Node count') !== undefined ? nodeCount : undefined,
  };
}
