// A container's probes as data, with the API's defaults filled in (initialDelaySeconds 0,
// periodSeconds 10, timeoutSeconds 1, successThreshold 1, failureThreshold 3) and named ports resolved
// against the container's ports, as the kubelet does before it probes.
export type ProbeAction =
  | { readonly kind: 'http'; readonly path: string; readonly port: number; readonly scheme: 'HTTP' | 'HTTPS' }
  | { readonly kind: 'exec'; readonly command: readonly string[] }
  | { readonly kind: 'tcp'; readonly port: number };

export interface ProbeSpec {
  readonly action: ProbeAction;
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

export interface ProbeManifest {
  readonly httpGet?: { readonly path?: string; readonly port: number | string; readonly scheme?: string };
  readonly exec?: { readonly command: readonly string[] };
  readonly tcpSocket?: { readonly port: number | string };
  readonly grpc?: unknown;
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly successThreshold?: number;
  readonly failureThreshold?: number;
}

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
}

function port(value: number | string, ports: readonly ContainerPort[], where: string): number {
  if (typeof value === 'number') return value;
  if (/^\d+$/.test(value)) return Number(value);
  const found = ports.find((candidate) => candidate.name === value);
  if (!found) throw new Error(`${where}: probe port ${JSON.stringify(value)} names no container port`);
  return found.containerPort;
}

export function probeSpec(
  probe: ProbeManifest | undefined,
  ports: readonly ContainerPort[],
  where: string,
): ProbeSpec | undefined {
  if (!probe) return undefined;
  let action: ProbeAction;
  if (probe.httpGet)
    action = {
      kind: 'http',
      path: probe.httpGet.path ?? '/',
      port: port(probe.httpGet.port, ports, where),
      scheme: probe.httpGet.scheme === 'HTTPS' ? 'HTTPS' : 'HTTP',
    };
  else if (probe.exec) action = { kind: 'exec', command: [...probe.exec.command] };
  else if (probe.tcpSocket) action = { kind: 'tcp', port: port(probe.tcpSocket.port, ports, where) };
  else throw new Error(`${where}: probe kind not imitated by the runner (grpc?)`);
  return {
    action,
    initialDelaySeconds: probe.initialDelaySeconds ?? 0,
    periodSeconds: probe.periodSeconds ?? 10,
    timeoutSeconds: probe.timeoutSeconds ?? 1,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}
