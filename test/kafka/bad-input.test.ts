// Bad inputs to `kafka-agent init`, run against the built bundle with a clean environment, as a pod would:
// each must exit 1, name the variable (or the file) and show a valid value, print no stack trace, and
// write nothing at all; a meta.properties of another broker or cluster is left exactly as it was.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  hasStackTrace,
  makeTempDir,
  runAgent,
  type AgentRun,
} from '../../tools/harness/run-agent.ts';

let temp: ReturnType<typeof makeTempDir>;
let podDir: string;
let confDir: string;
let dataDir: string;

beforeAll(() => ensureBuilt('kafka-agent'));
beforeEach(() => {
  temp = makeTempDir('kafka-bad-input');
  podDir = join(temp.path, 'pod');
  confDir = join(podDir, 'config');
  dataDir = join(temp.path, 'data');
});
afterEach(() => temp.remove());

const ZK = { KAFKA_ZOOKEEPER_CONNECT: 'zk-0.zk-hs:2181', AGENT_DOMAIN: 'kafka-hs.default.svc.cluster.local' };
const KRAFT = {
  KAFKA_PROCESS_ROLES: 'broker,controller',
  CLUSTER_ID: 'MkU3OEVBNTcwNTJENDM2Qk',
  AGENT_REPLICAS: '3',
  AGENT_DOMAIN: 'kafka-hs.default.svc.cluster.local',
};

function init(hostname: string, env: Record<string, string>): AgentRun {
  return runAgent('kafka-agent', ['init', '--hostname', hostname, '--conf-dir', confDir], {
    env: { KAFKA_LOG_DIRS: dataDir, KAFKA_HOME: join(temp.path, 'no-kafka'), ...env },
  });
}

function expectRefused(run: AgentRun, ...fragments: string[]) {
  expect(run.stdout).toBe('');
  for (const fragment of fragments) expect(run.stderr).toContain(fragment);
  expect(hasStackTrace(run.stderr), run.stderr).toBe(false);
  expect(run.status, run.stderr).toBe(1);
  expect(existsSync(podDir), 'nothing written').toBe(false);
}

function writeMeta(lines: string[]) {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'meta.properties'), `${lines.join('\n')}\n`);
}

describe('kafka-agent init refuses what it cannot derive', () => {
  it('refuses a hostname without an ordinal', () => {
    expectRefused(
      init('kafka', ZK),
      'AGENT_ERR_IDENTITY_HOSTNAME',
      'has no StatefulSet ordinal',
      'POD_INDEX',
    );
  });

  it('refuses neither ZooKeeper mode nor KRaft, and names both variables', () => {
    expectRefused(
      init('kafka-0', { AGENT_DOMAIN: ZK.AGENT_DOMAIN }),
      'KAFKA_ZOOKEEPER_CONNECT',
      'KAFKA_PROCESS_ROLES',
      'e.g.',
    );
  });

  it('refuses both modes at once', () => {
    expectRefused(
      init('kafka-0', { ...KRAFT, KAFKA_ZOOKEEPER_CONNECT: 'zk:2181' }),
      'both set',
      'choose one mode',
    );
  });

  it('refuses the pod FQDN it needs when no domain is known', () => {
    expectRefused(
      init('kafka-0', { KAFKA_ZOOKEEPER_CONNECT: 'zk:2181' }),
      'AGENT_ERR_IDENTITY_DOMAIN',
      'AGENT_DOMAIN',
    );
  });
});

describe('kafka-agent init refuses values that would break server.properties', () => {
  it('refuses a newline in a property value, naming the variable and never adding the key', () => {
    expectRefused(
      init('kafka-0', { ...ZK, KAFKA_LOG_RETENTION_HOURS: '168\nauthorizer.class.name=evil' }),
      'KAFKA_LOG_RETENTION_HOURS',
      'one line of printable text',
      'e.g. KAFKA_LOG_RETENTION_HOURS=',
    );
  });

  it('refuses a control character in a secret from a file without echoing it', () => {
    const secret = join(temp.path, 'password');
    writeFileSync(secret, 'pa\u0007ss-s3cr3t\n');
    const run = init('kafka-0', { ...ZK, KAFKA_SSL_KEY_PASSWORD_FILE: secret });
    expectRefused(run, 'KAFKA_SSL_KEY_PASSWORD', `<from ${secret}>`);
    expect(run.stderr).not.toContain('s3cr3t');
  });

  it('refuses a _FILE that does not exist, naming it', () => {
    expectRefused(
      init('kafka-0', { ...ZK, KAFKA_SSL_KEY_PASSWORD_FILE: join(temp.path, 'missing') }),
      'KAFKA_SSL_KEY_PASSWORD_FILE',
      'ENOENT',
    );
  });

  it('refuses an unexpanded $(…) other than $(hostname -f) in a listener', () => {
    expectRefused(
      init('kafka-0', { ...ZK, KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://$(POD_IP):9092' }),
      'KAFKA_ADVERTISED_LISTENERS',
      'no shell will run',
    );
  });

  it('refuses a listener that is not NAME://host:port', () => {
    expectRefused(
      init('kafka-0', { ...ZK, KAFKA_LISTENERS: 'PLAINTEXT:9092' }),
      'KAFKA_LISTENERS',
      'NAME://host:port',
    );
  });

  it('refuses two things on one port', () => {
    expectRefused(
      init('kafka-0', { ...ZK, AGENT_PORT: '9092' }),
      'AGENT_PORT=9092',
      'listener PLAINTEXT',
      'same port',
    );
  });
});

describe('kafka-agent init derives the broker id or refuses it', () => {
  it('refuses a fixed KAFKA_BROKER_ID that disagrees with the ordinal', () => {
    expectRefused(
      init('kafka-1', { ...ZK, KAFKA_BROKER_ID: '1' }),
      'AGENT_ERR_IDENTITY_MISMATCH',
      'KAFKA_BROKER_ID="1"',
      'this pod derives, 2',
    );
  });

  it("refuses another pod's name in KAFKA_BROKER_ID", () => {
    expectRefused(
      init('kafka-1', { ...ZK, KAFKA_BROKER_ID: 'kafka-0' }),
      'KAFKA_BROKER_ID="kafka-0"',
      'Remove KAFKA_BROKER_ID',
    );
  });

  it("accepts the handbook's form: its own pod name", () => {
    const run = init('kafka-1', { ...ZK, KAFKA_BROKER_ID: 'kafka-1' });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(confDir, 'server.properties'), 'utf8')).toContain('\nbroker.id=2\n');
  });
});

describe('kafka-agent init in KRaft mode', () => {
  it('refuses KRaft without CLUSTER_ID, and invents none', () => {
    const { CLUSTER_ID: _, ...env } = KRAFT;
    expectRefused(init('kafka-0', env), 'CLUSTER_ID is required', 'random-uuid', 'e.g. CLUSTER_ID=');
  });

  it('refuses a CLUSTER_ID that is not a Kafka Uuid', () => {
    for (const bad of [
      'not-a-uuid',
      'MkU3OEVBNTcwNTJENDM2Q',
      'MkU3OEVBNTcwNTJENDM2Qk!',
      'AAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      expectRefused(
        init('kafka-0', { ...KRAFT, CLUSTER_ID: bad }),
        'CLUSTER_ID=',
        'e.g. CLUSTER_ID=MkU3OEVBNTcwNTJENDM2Qk',
      );
    }
  });

  it('refuses a controller left out of explicit voters', () => {
    expectRefused(
      init('kafka-2', {
        ...KRAFT,
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka-0.kafka-hs:9093,2@kafka-1.kafka-hs:9093',
      }),
      'do not include this controller',
      'node.id 3',
    );
  });

  it('refuses a broker-only node without voters', () => {
    expectRefused(
      init('kafka-broker-0', { ...KRAFT, KAFKA_PROCESS_ROLES: 'broker' }),
      'KAFKA_CONTROLLER_QUORUM_VOTERS is required',
    );
  });

  it('refuses a controller quorum it cannot derive without AGENT_REPLICAS', () => {
    const { AGENT_REPLICAS: _, ...env } = KRAFT;
    expectRefused(init('kafka-0', env), 'AGENT_REPLICAS is required', 'AGENT_REPLICAS=3');
  });

  it('refuses an ordinal outside AGENT_REPLICAS', () => {
    expectRefused(init('kafka-3', KRAFT), 'AGENT_ERR_IDENTITY_RANGE', 'AGENT_REPLICAS=3');
  });
});

describe('kafka-agent init never takes over a volume of another broker or cluster', () => {
  it('refuses a meta.properties of another cluster, and leaves it untouched', () => {
    writeMeta(['#Written by Kafka', 'version=1', 'node.id=1', 'cluster.id=AAAAAAAAAAAAAAAAAAAAAg']);
    const before = readFileSync(join(dataDir, 'meta.properties'), 'utf8');
    expectRefused(
      init('kafka-0', KRAFT),
      'AGENT_ERR_IDENTITY_MISMATCH',
      'cluster.id "AAAAAAAAAAAAAAAAAAAAAg"',
      'MkU3OEVBNTcwNTJENDM2Qk',
      join(dataDir, 'meta.properties'),
    );
    expect(readFileSync(join(dataDir, 'meta.properties'), 'utf8')).toBe(before);
  });

  it('refuses a meta.properties of another node, with both ids and the path', () => {
    writeMeta(['version=1', 'node.id=2', 'cluster.id=MkU3OEVBNTcwNTJENDM2Qk']);
    expectRefused(
      init('kafka-0', KRAFT),
      'says node.id "2"',
      'this pod is node.id 1',
      join(dataDir, 'meta.properties'),
    );
  });

  it('refuses a ZooKeeper-mode meta.properties of another broker', () => {
    writeMeta(['version=0', 'broker.id=3', 'cluster.id=x7ZNwIDnQHmYz0qB4vX2cQ']);
    expectRefused(init('kafka-0', ZK), 'says broker.id "3"', 'this pod is broker.id 1');
  });

  it('accepts its own meta.properties and leaves it as it is', () => {
    writeMeta(['version=1', 'node.id=1', 'cluster.id=MkU3OEVBNTcwNTJENDM2Qk']);
    const before = readFileSync(join(dataDir, 'meta.properties'), 'utf8');
    const run = init('kafka-0', KRAFT);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(dataDir, 'meta.properties'), 'utf8')).toBe(before);
    expect(readdirSync(dataDir)).toEqual(['meta.properties']);
  });
});

describe("kafka-agent init refuses an agent that could not speak to its broker's listeners", () => {
  const TLS_ONLY = {
    ...KRAFT,
    KAFKA_LISTENERS: 'INTERNAL://:9092,CLIENT://:9094,CONTROLLER://:9093',
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'INTERNAL:SSL,CLIENT:SASL_SSL,CONTROLLER:SSL',
    KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
  };

  it('refuses TLS-only listeners without the certificate the agent would speak them with', () => {
    expectRefused(
      init('kafka-0', TLS_ONLY),
      "no listener the agent's checks can speak among INTERNAL (SSL), CLIENT (SASL_SSL)",
      'e.g. AGENT_TLS_DIR=/etc/tls',
    );
  });

  it('refuses AGENT_KAFKA_PORT on an SSL listener without AGENT_TLS_DIR', () => {
    expectRefused(
      init('kafka-0', { ...TLS_ONLY, AGENT_KAFKA_PORT: '9092' }),
      'AGENT_KAFKA_PORT=9092 is listener INTERNAL, SSL: the agent needs AGENT_TLS_DIR',
    );
  });

  it('refuses a SCRAM user without its password file, and a password file without a user', () => {
    expectRefused(
      init('kafka-0', { ...KRAFT, AGENT_KAFKA_SASL_USERNAME: 'kafka-agent' }),
      'AGENT_KAFKA_SASL_USERNAME is set without AGENT_KAFKA_SASL_PASSWORD_FILE',
    );
    expectRefused(
      init('kafka-0', { ...KRAFT, AGENT_KAFKA_SASL_PASSWORD_FILE: '/etc/sasl/password' }),
      'AGENT_KAFKA_SASL_PASSWORD_FILE is set without AGENT_KAFKA_SASL_USERNAME',
    );
  });

  it('refuses a password file it cannot read or that is empty, never showing a password', () => {
    const missing = join(temp.path, 'no-such-password');
    expectRefused(
      init('kafka-0', { ...KRAFT, AGENT_KAFKA_SASL_USERNAME: 'a', AGENT_KAFKA_SASL_PASSWORD_FILE: missing }),
      `AGENT_KAFKA_SASL_PASSWORD_FILE=${missing} cannot be read (ENOENT)`,
    );
    const empty = join(temp.path, 'empty-password');
    writeFileSync(empty, '');
    expectRefused(
      init('kafka-0', { ...KRAFT, AGENT_KAFKA_SASL_USERNAME: 'a', AGENT_KAFKA_SASL_PASSWORD_FILE: empty }),
      `AGENT_KAFKA_SASL_PASSWORD_FILE=${empty} is empty`,
    );
  });
});
