import { describe, expect, it } from 'vitest';
import {
  brokerPropertiesFromEnv,
  isServiceLink,
  propertyName,
} from '../../agents/kafka/broker-properties.ts';

describe('the KAFKA_* → property rule', () => {
  it.each([
    ['KAFKA_LOG_RETENTION_HOURS', 'log.retention.hours'],
    ['KAFKA_ZOOKEEPER_CONNECT', 'zookeeper.connect'],
    [
      'KAFKA_LISTENER_NAME_INTERNAL_SCRAM___SHA___256_SASL_JAAS_CONFIG',
      'listener.name.internal.scram-sha-256.sasl.jaas.config',
    ],
    ['KAFKA_CONFLUENT__SUPPORT_METRICS__ENABLE', 'confluent_support.metrics_enable'],
    ['KAFKA_A____B', 'a-.b'],
  ])('maps %s to %s', (variable, property) => {
    expect(propertyName(variable)).toBe(property);
  });

  it('skips script variables, the agent-read KAFKA_LOG4J_* and KAFKA_HOME', () => {
    const env = {
      KAFKA_HEAP_OPTS: '-Xmx1G',
      KAFKA_OPTS: '-Dx=y',
      KAFKA_JMX_OPTS: '-D',
      KAFKA_JMX_PORT: '9999',
      KAFKA_JVM_PERFORMANCE_OPTS: '-server',
      KAFKA_LOG4J_OPTS: '-D',
      KAFKA_LOG4J_ROOT_LOGLEVEL: 'WARN',
      KAFKA_GC_LOG_OPTS: '-Xlog:gc',
      KAFKA_LOG_DIR: '/var/log/kafka',
      KAFKA_HOME: '/opt/kafka',
      KAFKA_LOG_DIRS: '/data',
    };
    expect([...brokerPropertiesFromEnv(env).properties.keys()]).toEqual(['log.dirs']);
  });

  it.each([
    ['KAFKA_PORT', 'tcp://10.0.0.1:9092'],
    ['KAFKA_SERVICE_HOST', '10.0.0.1'],
    ['KAFKA_SERVICE_PORT', '9092'],
    ['KAFKA_SERVICE_PORT_SERVER', '9092'],
    ['KAFKA_PORT_9092_TCP', 'tcp://10.0.0.1:9092'],
    ['KAFKA_PORT_9092_TCP_PROTO', 'tcp'],
    ['KAFKA_PORT_9092_TCP_PORT', '9092'],
    ['KAFKA_PORT_9092_TCP_ADDR', '10.0.0.1'],
    ['KAFKA_SVC_PORT', 'tcp://10.0.0.2:9092'],
    ['KAFKA_BROKERS_SERVICE_PORT_CLIENT', '9092'],
  ])('ignores the service link %s', (name, value) => {
    expect(isServiceLink(name, value)).toBe(true);
    expect(brokerPropertiesFromEnv({ [name]: value }).properties.size).toBe(0);
  });

  it('keeps a real property that ends in _PORT when its value is no service link', () => {
    expect(isServiceLink('KAFKA_SOME_PORT', '9092')).toBe(false);
  });

  it('reads <VAR>_FILE as a secret, and refuses both forms at once', () => {
    const read = (path: string) => (path === '/run/secrets/pw' ? 's3cr3t' : '');
    const { properties } = brokerPropertiesFromEnv({ KAFKA_SSL_KEY_PASSWORD_FILE: '/run/secrets/pw' }, read);
    expect(properties.get('ssl.key.password')).toEqual({
      value: 's3cr3t',
      variable: 'KAFKA_SSL_KEY_PASSWORD',
      secret: true,
    });
    const both = brokerPropertiesFromEnv(
      { KAFKA_SSL_KEY_PASSWORD_FILE: '/run/secrets/pw', KAFKA_SSL_KEY_PASSWORD: 'x' },
      read,
    );
    expect(both.problems).toEqual([
      'KAFKA_SSL_KEY_PASSWORD and KAFKA_SSL_KEY_PASSWORD_FILE are both set: keep one (the _FILE form for secrets)',
    ]);
  });

  it('treats blank values as unset (a ConfigMap key rendered as "")', () => {
    expect(brokerPropertiesFromEnv({ KAFKA_LOG_RETENTION_HOURS: '  ' }).properties.size).toBe(0);
  });
});
