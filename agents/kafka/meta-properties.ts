// Kafka's identity on disk: `<log dir>/meta.properties` (`broker.id` in ZooKeeper mode, `node.id` and
// `cluster.id` in KRaft). One that disagrees with this pod stops it, untouched: a broker started on another
// broker's volume, or a node on another cluster's (strimzi #11516), loses or corrupts data. Kafka's own
// formatter (3.7 and later) checks this only when asked to format; the agent checks on every start.
import { join } from 'node:path';
import { AgentError } from '../core/errors.ts';
import { assertSameId, readIdFile } from '../core/identity-guard.ts';

export interface MetaProperties {
  readonly path: string;
  /** undefined when the file does not exist (an unformatted dir). */
  readonly values: ReadonlyMap<string, string> | undefined;
}

/** java.util.Properties for what Kafka writes there: `key=value` lines and `#` comments. */
export function parseMetaProperties(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('!')) continue;
    const match = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (match) values.set(match[1]!, match[2]!.trim());
  }
  return values;
}

/** `setBy`: the variable that names `dir`, with a valid value, for the error when it cannot be read. */
export function readMetaProperties(dir: string, setBy?: string): MetaProperties {
  const path = join(dir, 'meta.properties');
  let text: string | undefined;
  readIdFile(
    path,
    (content) => {
      text = content;
      return content;
    },
    setBy,
  );
  return { path, values: text === undefined ? undefined : parseMetaProperties(text) };
}

export interface ExpectedIdentity {
  readonly id: number;
  readonly howDerived: string;
  /** KRaft's CLUSTER_ID; undefined in ZooKeeper mode (ZooKeeper assigns it) unless the operator set one. */
  readonly clusterId: string | undefined;
}

export function assertMetaMatches(meta: MetaProperties, expected: ExpectedIdentity): void {
  if (!meta.values) return;
  const idKey = meta.values.has('node.id') ? 'node.id' : 'broker.id';
  const found = meta.values.get(idKey);
  assertSameId(idKey, { path: meta.path, found: found ?? '' }, expected.id, expected.howDerived);
  const clusterId = meta.values.get('cluster.id');
  if (expected.clusterId !== undefined && clusterId !== undefined && clusterId !== expected.clusterId) {
    throw new AgentError(
      'AGENT_ERR_IDENTITY_MISMATCH',
      `${meta.path} says cluster.id ${JSON.stringify(clusterId)}, but CLUSTER_ID is ${JSON.stringify(expected.clusterId)}. Nothing was changed. ` +
        "This volume belongs to another cluster: give the pod its own volume, or set CLUSTER_ID to that cluster's id if this is that cluster; " +
        'delete the volume only if its data is not needed.',
    );
  }
}
