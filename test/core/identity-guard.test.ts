// The myid/broker.id guard: an id file on the data volume is accepted only when it says the derived id,
// and is never changed; the refusal says what the file holds and what to do.
import { describe, expect, it } from 'vitest';
import { AgentError } from '../../agents/core/errors.ts';
import { assertSameId, type IdOnDisk } from '../../agents/core/identity-guard.ts';

const PATH = '/var/lib/zookeeper/data/myid';
const HOW = 'zk-1, ordinal 1 + AGENT_ID_OFFSET 1';

function onDisk(found: string | undefined): IdOnDisk {
  return { path: PATH, found };
}

function refusal(found: string, derived = 2): AgentError {
  try {
    assertSameId('myid', onDisk(found), derived, HOW);
  } catch (error) {
    expect(error).toBeInstanceOf(AgentError);
    return error as AgentError;
  }
  throw new Error(`assertSameId accepted ${JSON.stringify(found)}`);
}

describe('assertSameId', () => {
  it('accepts a volume without an id file (a new volume)', () => {
    expect(() => assertSameId('myid', onDisk(undefined), 2, HOW)).not.toThrow();
  });

  it('accepts the same id, also with leading zeros ("02" is myid 2 for ZooKeeper)', () => {
    for (const found of ['2', '02', '0002']) {
      expect(() => assertSameId('myid', onDisk(found), 2, HOW), found).not.toThrow();
    }
    expect(() => assertSameId('myid', onDisk('010'), 10, HOW)).not.toThrow();
  });

  it('compares digits exactly, however long', () => {
    expect(refusal('20000000000000000002').message).toContain('"20000000000000000002"');
    expect(refusal('20').message).toContain('another server');
  });

  it('refuses another id, naming both, the path and how this pod got its id', () => {
    const error = refusal('7');
    expect(error.code).toBe('AGENT_ERR_IDENTITY_MISMATCH');
    expect(error.message).toContain(`${PATH} says myid "7"`);
    expect(error.message).toContain(`this pod is myid 2 (${HOW})`);
    expect(error.message).toContain('Nothing was changed');
    expect(error.message).toContain('belongs to another server');
  });

  it('refuses an empty file, saying it is empty rather than another server', () => {
    const error = refusal('');
    expect(error.code).toBe('AGENT_ERR_IDENTITY_MISMATCH');
    expect(error.message).toContain(`${PATH} is empty`);
    expect(error.message).toContain('interrupted write or by another tool');
    expect(error.message).toContain('nothing was changed');
    expect(error.message).toContain(`write its myid into ${PATH}`);
    expect(error.message).toContain('remove the empty file if the volume is new');
    expect(error.message).toContain('this pod is myid 2');
    expect(error.message).not.toContain('belongs to another server');
  });

  it('refuses anything but digits, saying it is not a myid', () => {
    for (const found of ['+2', '2.0', '0x2', '-2', '2 2', 'two', '٢']) {
      const error = refusal(found);
      expect(error.code, found).toBe('AGENT_ERR_IDENTITY_MISMATCH');
      expect(error.message, found).toContain(`says myid ${JSON.stringify(found)}`);
      expect(error.message, found).toContain('not a myid (digits only)');
    }
  });
});
