// The secure components (manifests/secure/*), applied over their bases as an operator would: every object
// is valid, every server mounts its Secret for its agent, the agent accepts every pod with a certificate
// made as docs/security.md says and renders no plaintext port, and the NetworkPolicies select the
// servers and open exactly the ports their peers, clients and Prometheus need.
import { beforeAll, describe, expect, it } from 'vitest';
import { loggedWarnings } from '../../tools/harness/run-agent.ts';
import { buildOverlay, ofKind, SECURE_OVERLAYS, type K8sObject } from '../../tools/manifests.ts';
import { MountedSecret } from '../helpers/mounted-secret.ts';
import { TestPki } from '../helpers/test-pki.ts';
import { dryRun, prepareAgents } from './lib/agent-dry-run.ts';
import { schemaErrors } from './lib/models.ts';
import { envValue, resolvedEnv, serversOf, type Server } from './lib/pods.ts';
import { clientType, unknownFields } from './lib/strict-fields.ts';

beforeAll(prepareAgents, 600_000);

const pki = new TestPki('secure-manifests');
const ca = pki.certificate('ca', { ca: true });

/** The Secret docs/security.md tells an operator to make for a StatefulSet's Service names. */
function secretFor(server: Server): string {
  const names = [
    `DNS:*.${server.sts.spec.serviceName}.default.svc.cluster.local`,
    `DNS:${server.agent === 'zk-agent' ? 'zk-client' : 'kafka-bootstrap'}.default.svc.cluster.local`,
  ];
  const name = server.sts.metadata.name;
  const issued = pki.certificate(name, {
    issuer: ca,
    sans: names,
    cn: server.agent === 'zk-agent' ? 'zk' : 'kafka',
  });
  const secret = new MountedSecret(pki.path(`${name}-secret`));
  secret.swap({ 'tls.crt': issued.cert, 'tls.key': issued.key, 'ca.crt': ca.cert });
  return secret.dir;
}

interface NetworkPolicy extends K8sObject {
  readonly spec: {
    readonly podSelector: { readonly matchLabels: Record<string, string> };
    readonly policyTypes: readonly string[];
    readonly ingress: readonly { readonly ports: readonly { readonly port: number }[] }[];
  };
}

const selects = (policy: NetworkPolicy, server: Server) =>
  Object.entries(policy.spec.podSelector.matchLabels).every(
    ([label, value]) => server.sts.spec.template.metadata.labels[label] === value,
  );

describe.each(SECURE_OVERLAYS)('overlay %s', (overlay) => {
  const objects = buildOverlay(overlay);
  const servers = serversOf(objects, overlay);
  const policies = ofKind(objects, 'NetworkPolicy') as NetworkPolicy[];

  it('passes the API schemas with no field the API does not define', () => {
    const problems = objects.flatMap((object) => {
      const type = clientType(object);
      return [...schemaErrors(object), ...(type ? unknownFields(object, type) : [])].map(
        (problem) => `${object.kind} ${object.metadata.name}: ${problem}`,
      );
    });
    expect(problems).toEqual([]);
  });

  it.each(servers.map((server) => [server.sts.metadata.name, server] as const))(
    '%s mounts its Secret read-only, group-readable only, where AGENT_TLS_DIR points',
    (_name, server) => {
      expect(envValue(server.container, 'AGENT_TLS_DIR')).toBe('/etc/tls');
      const mount = server.container.volumeMounts?.find((m) => m.mountPath === '/etc/tls') as
        { name: string; readOnly?: boolean } | undefined;
      expect(mount?.readOnly).toBe(true);
      const volume = server.sts.spec.template.spec.volumes?.find((v) => v.name === mount?.name) as
        { secret?: { secretName: string; defaultMode: number } } | undefined;
      expect(volume?.secret?.secretName).toBe(server.agent === 'zk-agent' ? 'zk-tls' : 'kafka-tls');
      expect(volume?.secret?.defaultMode).toBe(0o440);
    },
  );

  it.each(servers.map((server) => [server.sts.metadata.name, server] as const))(
    '%s: every $(VAR) names a variable listed before it, as the kubelet expands them',
    (_name, server) => {
      const unexpanded = [...resolvedEnv(server)].filter(([, value]) => value.includes('$('));
      expect(unexpanded).toEqual([]);
    },
  );

  it.each(servers.map((server) => [server.sts.metadata.name, server] as const))(
    '%s: its agent accepts every pod with the documented certificate and opens no plaintext port',
    (_name, server) => {
      const tlsDir = secretFor(server);
      for (let ordinal = 0; ordinal < server.sts.spec.replicas; ordinal++) {
        const { run, files } = dryRun(server, ordinal, { AGENT_TLS_DIR: tlsDir });
        expect(run.status, run.stderr).toBe(0);
        expect(loggedWarnings(run.stderr)).toEqual([]);
        if (server.agent === 'zk-agent') {
          const cfg = files['zoo.cfg']!;
          expect(cfg).toMatch(/^secureClientPort=2281$/m);
          expect(cfg).not.toMatch(/^clientPort=/m);
          expect(cfg).toMatch(/^sslQuorum=true$/m);
          continue;
        }
        const properties = files['server.properties']!;
        const map = /^listener\.security\.protocol\.map=(.*)$/m.exec(properties)?.[1] ?? '';
        const listeners = /^listeners=(.*)$/m.exec(properties)![1]!.split(',');
        for (const listener of listeners) {
          const name = listener.split('://')[0]!;
          const protocol = new RegExp(`(?:^|,)${name}:([A-Z_]+)`).exec(map)?.[1];
          expect(protocol, `${listener} in ${map}`).toMatch(/^(SSL|SASL_SSL)$/);
          expect(properties).toContain(`listener.name.${name.toLowerCase()}.ssl.keystore.type=PEM`);
        }
        expect(files['keystore.pem']).toMatch(/^<secret>\n-----BEGIN CERTIFICATE-----/);
      }
    },
  );

  it('has NetworkPolicies that select every server and allow exactly its container ports', () => {
    expect(policies.length).toBeGreaterThan(0);
    for (const server of servers) {
      const own = policies.filter((policy) => selects(policy, server));
      expect(own.length, server.sts.metadata.name).toBe(1);
      expect(own[0]!.spec.policyTypes).toEqual(['Ingress']);
      const allowed = new Set(own[0]!.spec.ingress.flatMap((rule) => rule.ports.map((p) => p.port)));
      const ports = new Set(server.container.ports!.map((port) => port.containerPort));
      expect([...allowed].sort(), server.sts.metadata.name).toEqual([...ports].sort());
    }
  });
});
