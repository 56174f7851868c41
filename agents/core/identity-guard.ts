// Identity and data are sacred: an id already on the data volume that disagrees with the derived one is
// never overwritten. Starting a server with another server's id on its data can corrupt the ensemble
// (kubernetes/contrib #2925, stackabletech/zookeeper-operator #546).
import { readFileSync } from 'node:fs';
import { AgentError } from './errors.ts';

export interface IdOnDisk {
  readonly path: string;
  /** What the file says, as text; undefined when the file does not exist. */
  readonly found: string | undefined;
}

/**
 * `setBy`: the setting that chose the file's directory, with a valid value (`ZK_DATA_DIR=/var/lib/…`),
 * named when the file cannot be read (a name too long, a path through a file): what the operator changes.
 */
export function readIdFile(
  path: string,
  pick: (text: string) => string | undefined,
  setBy?: string,
): IdOnDisk {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, found: undefined };
    const fix = setBy ? `: check ${setBy.split('=')[0]} (e.g. ${setBy})` : '';
    throw new AgentError('AGENT_ERR_FILE_READ', `cannot read ${path}: ${(error as Error).message}${fix}`);
  }
  return { path, found: pick(text) ?? '' };
}

const DIGITS = /^\d+$/;

/**
 * Refuses an id file that does not say `derived`. Ids are compared as numbers after a strict digits-only
 * check: "02" is id 2 for ZooKeeper and Kafka, so it is accepted and left as it is.
 */
export function assertSameId(what: string, onDisk: IdOnDisk, derived: number, howDerived: string): void {
  const { path, found } = onDisk;
  if (found === undefined) return;
  const thisPod = `this pod is ${what} ${derived} (${howDerived})`;
  if (found === '') {
    throw new AgentError(
      'AGENT_ERR_IDENTITY_MISMATCH',
      `${path} is empty, and ${thisPod}. An empty ${what} file is left by an interrupted write or by another tool; ` +
        `nothing was changed. Check which server this volume belongs to and write its ${what} into ${path}, ` +
        'or remove the empty file if the volume is new.',
    );
  }
  if (DIGITS.test(found) && found.replace(/^0+(?=\d)/, '') === String(derived)) return;
  const whose = DIGITS.test(found)
    ? 'This volume belongs to another server or another ensemble: find which pod it came from ' +
      '(or fix AGENT_ID_OFFSET/POD_INDEX); delete the volume only if its data is not needed.'
    : `That is not a ${what} (digits only): find out what wrote it and which server this volume belongs to, ` +
      `then write that server's ${what} into ${path}.`;
  throw new AgentError(
    'AGENT_ERR_IDENTITY_MISMATCH',
    `${path} says ${what} ${JSON.stringify(found)}, but ${thisPod}. Nothing was changed. ${whose}`,
  );
}
