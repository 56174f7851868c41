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

export function readIdFile(path: string, pick: (text: string) => string | undefined): IdOnDisk {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, found: undefined };
    throw new AgentError('AGENT_ERR_FILE_READ', `cannot read ${path}: ${(error as Error).message}`);
  }
  return { path, found: pick(text) ?? '' };
}

export function assertSameId(what: string, onDisk: IdOnDisk, derived: string, howDerived: string): void {
  if (onDisk.found === undefined || onDisk.found === derived) return;
  throw new AgentError(
    'AGENT_ERR_IDENTITY_MISMATCH',
    `${onDisk.path} says ${what} ${JSON.stringify(onDisk.found)}, but this pod is ${what} ${derived} (${howDerived}). ` +
      'Nothing was changed. This volume belongs to another server or another ensemble: find which pod it came from ' +
      '(or fix AGENT_ID_OFFSET/POD_INDEX); delete the volume only if its data is not needed.',
  );
}
