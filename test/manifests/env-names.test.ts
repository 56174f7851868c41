// Every variable a container sets is one its agent reads: a misspelt name (ZK_SYNC_LIMT) would be
// ignored silently and the default used. Agent variables are checked against the agents' own settings
// (agents/*/settings.ts); KAFKA_* broker properties against the properties that Kafka version defines.
import { beforeAll, describe, expect, it } from 'vitest';
import { isBrokerPropertyVariable, propertyName } from '../../agents/kafka/broker-properties.ts';
import { kafkaVariables } from '../../agents/kafka/settings.ts';
import { zkVariables } from '../../agents/zk/settings.ts';
import { kafkaConfigNames } from './lib/kafka-config-names.ts';
import { everyServer } from './lib/pods.ts';

// On a fresh machine this fetches both Kafka lines with Maven (minutes): a hook's time, not a test's.
beforeAll(() => {
  kafkaConfigNames('zookeeper');
  kafkaConfigNames('kraft');
}, 600_000);

const servers = everyServer().map((server) => [server.label, server] as const);

describe.each(servers)('%s', (_label, { container, agent }) => {
  const names = (container.env ?? []).map((variable) => variable.name);

  it('sets each variable once', () => {
    expect(new Set(names).size).toBe(names.length);
  });

  it('sets only variables its agent reads', () => {
    const known = new Set(Object.keys(agent === 'zk-agent' ? zkVariables : kafkaVariables));
    const unknown = names.filter(
      (name) => !known.has(name) && !(agent === 'kafka-agent' && isBrokerPropertyVariable(name, undefined)),
    );
    expect(unknown).toEqual([]);
  });
});

const kafkaServers = servers.filter(([, server]) => server.agent === 'kafka-agent');

describe.each(kafkaServers)('%s', (_label, { container }) => {
  it('sets KAFKA_* only for properties its Kafka version defines', () => {
    const mode = container.image.endsWith(':3.9.1') ? 'zookeeper' : 'kraft';
    const defined = kafkaConfigNames(mode);
    const properties = (container.env ?? [])
      .map((variable) => variable.name)
      .filter((name) => isBrokerPropertyVariable(name, undefined) && !(name in kafkaVariables))
      .map(propertyName);
    expect(properties.length).toBeGreaterThan(0);
    expect(properties.filter((property) => !defined.has(property))).toEqual([]);
  });
});

describe('the variable checks', () => {
  it('would catch a misspelt ZooKeeper variable and a misspelt broker property', () => {
    expect('ZK_SYNC_LIMT' in zkVariables).toBe(false);
    expect(kafkaConfigNames('zookeeper').has(propertyName('KAFKA_LOG_RETENTON_HOURS'))).toBe(false);
    expect(kafkaConfigNames('zookeeper').has(propertyName('KAFKA_LOG_RETENTION_HOURS'))).toBe(true);
    expect(kafkaConfigNames('kraft').has('process.roles')).toBe(true);
  });
});
