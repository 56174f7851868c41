// Values that once slipped through review: secrets echoed from <VAR>_FILE, Unicode spaces splitting
// ZK_CFG_EXTRA, heap sizes the JVM refuses, service links, server.* keys. Each must be refused or kept
// whole, with a message an operator can act on.
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../agents/core/env.ts';
import { AgentError } from '../../agents/core/errors.ts';
import { buildZkConfig } from '../../agents/zk/config.ts';
import { zkVariables } from '../../agents/zk/settings.ts';

const REQUIRED = { ZK_REPLICAS: '3' };

function problemsOf(env: Record<string, string>, files: Record<string, string> = {}): string {
  try {
    parseEnv(zkVariables, { ...REQUIRED, ...env }, (path) => {
      if (!(path in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return files[path]!;
    });
  } catch (error) {
    if (error instanceof AgentError) return error.message;
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe('zk-agent settings', () => {
  it.each([
    ['ZK_CFG_EXTRA', 'ssl.keyStore.location=/x hunter2secret'],
    ['ZK_4LW_WHITELIST', 'ruok,hunter2secret'],
  ])('never echoes a bad item of %s read from a file (it may be a secret)', (name, value) => {
    const message = problemsOf({ [`${name}_FILE`]: '/run/secrets/zk' }, { '/run/secrets/zk': value });
    expect(message).toContain(`${name}=<from /run/secrets/zk>`);
    expect(message).not.toContain('hunter2secret');
  });

  it('shows the bad item when the value is not a secret', () => {
    expect(problemsOf({ ZK_CFG_EXTRA: 'snapCount=1 oops' })).toContain(
      'ZK_CFG_EXTRA="snapCount=1 oops" has an item that is not key=value: "oops"',
    );
  });

  it('splits ZK_CFG_EXTRA at ASCII spaces only, so a no-break space cannot start a second key', () => {
    const settings = parseEnv(zkVariables, { ...REQUIRED, ZK_CFG_EXTRA: 'foo=bar\u00a0x=1 snapCount=5' });
    expect(settings.ZK_CFG_EXTRA).toEqual([
      ['foo', 'bar\u00a0x=1'],
      ['snapCount', '5'],
    ]);
  });

  it.each(['server.4=evil:2888:3888', 'server.x=evil:2888:3888'])(
    'refuses %s in ZK_CFG_EXTRA: the server list is derived',
    (item) => {
      expect(problemsOf({ ZK_CFG_EXTRA: item })).toContain('use ZK_REPLICAS');
    },
  );

  it.each(['0G', '512', '1.5G'])('refuses ZK_HEAP_SIZE=%s, which the JVM would refuse or misread', (heap) => {
    expect(problemsOf({ ZK_HEAP_SIZE: heap })).toContain('(e.g. ZK_HEAP_SIZE=1G)');
  });

  it('recognises a Kubernetes service link in a port variable and says how to turn links off', () => {
    const message = problemsOf({ ZK_CLIENT_PORT: 'tcp://10.0.0.7:2181' });
    expect(message).toContain('ZK_CLIENT_PORT="tcp://10.0.0.7:2181" must be a whole number');
    expect(message).toContain('enableServiceLinks: false');
  });

  it('refuses two ports that are the same: the server and the agent share the pod', () => {
    expect(() =>
      buildZkConfig({
        settings: parseEnv(zkVariables, { ZK_REPLICAS: '1', ZK_ELECTION_PORT: '9141' }),
        hostname: 'zk-0',
        readHosts: () => '',
      }),
    ).toThrow('ZK_ELECTION_PORT=9141 and AGENT_PORT=9141 are the same port');
  });
});
