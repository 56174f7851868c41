// The agent's own settings, shared by both agents. The AGENT_ prefix keeps them apart from the servers'
// variables (every KAFKA_* is a broker property).
import { integerCheck, listCheck, textCheck, vars } from './env.ts';
import { DOMAIN_NAME } from './identity.ts';
import { LOG_LEVELS } from './log-levels.ts';

/** The longest check deadline, in ms (`AGENT_CHECK_TIMEOUT`, `--timeout`): Node clamps larger timers to 1 ms. */
export const CHECK_TIMEOUT_MAX_MS = 60_000;

export function agentVariables(defaultPort: number) {
  return {
    AGENT_PORT: vars.port(defaultPort, {
      description: "Port of the agent's HTTP server (/livez, /readyz, /metrics).",
      example: String(defaultPort),
    }),
    AGENT_HOST: vars.text('0.0.0.0', {
      description: "Address the agent's HTTP server listens on.",
      example: '0.0.0.0',
      pattern: /^[0-9A-Za-z.:-]+$/,
      patternWords: 'an IP address or host name',
    }),
    AGENT_LOG_LEVEL: vars.choice(LOG_LEVELS, 'info', {
      description: "Level of the agent's own logs (JSON on stderr).",
      example: 'info',
    }),
    AGENT_ID_OFFSET: vars.integer(0, 1_000_000, 1, {
      description: 'Added to the pod ordinal to give the server id (myid, broker.id, node.id).',
      example: '1',
    }),
    AGENT_DOMAIN: vars.optional(
      textCheck(DOMAIN_NAME, 'a DNS domain such as zk-hs.default.svc.cluster.local'),
      {
        description:
          'Domain of the headless Service; pod FQDN = <hostname>.<domain>. Default: what `hostname -d` says (from /etc/hosts).',
        example: 'zk-hs.default.svc.cluster.local',
      },
    ),
    POD_INDEX: vars.optional(integerCheck(0, 1_000_000), {
      description:
        "The pod ordinal, from the apps.kubernetes.io/pod-index label via the downward API; must agree with the hostname's `-<N>` suffix, the default.",
      example: '0',
    }),
    AGENT_CHECK_TIMEOUT: vars.integer(1, CHECK_TIMEOUT_MAX_MS, 1000, {
      description: 'Deadline of every check against the server, in milliseconds.',
      example: '1000',
    }),
    AGENT_TLS_DIR: vars.optional(textCheck(/^\/[^\s]*$/, 'an absolute path without spaces'), {
      description:
        "A mounted kubernetes.io/tls Secret (tls.crt, tls.key, ca.crt, as cert-manager writes it): set, the server's ports are TLS only, the certificate is checked before the JVM starts, and a renewed Secret is loaded without a restart.",
      example: '/etc/tls',
    }),
    AGENT_TLS_NAMES: vars.custom(
      listCheck(DOMAIN_NAME, 'a DNS name such as kafka-bootstrap.default.svc.cluster.local'),
      [],
      {
        description:
          "Names the certificate must cover besides the pod's FQDN, comma-separated: the Services clients use.",
        example: 'kafka-bootstrap.default.svc.cluster.local',
        defaultText: '(none)',
      },
    ),
  };
}
