// A PodPlan as `docker run` arguments: the kubelet's view of a pod, spelled in Docker flags. Pure.
//   hostname + subdomain  → --hostname <pod> --domainname <svc>.<ns>.svc.cluster.local (the /etc/hosts
//                           line the kubelet writes, so `hostname -f` works: docs/design.md)
//   headless-service DNS  → --network-alias per name, --dns-search as the kubelet's resolv.conf
//   securityContext       → --user, --group-add (fsGroup), --read-only, --cap-drop/--cap-add,
//                           --security-opt no-new-privileges (allowPrivilegeEscalation: false)
//   resources.limits      → --memory (and as much --memory-swap: nodes run without swap), --cpus
//   volumeClaimTemplates  → a named volume per template and pod; emptyDir → a tmpfs
//   terminationGrace…     → --stop-timeout (and `docker stop -t` in the driver)
import type { PodPlan } from './plan.ts';

/** Every container the runner starts carries it, so a run's leftovers can be found by label. */
export const RUNNER_LABEL = 'statefulset-agents.runner';

export function networkName(namespace: string): string {
  return `sts-${namespace}`;
}

function entrypoint(plan: PodPlan): { flags: string[]; tail: string[] } {
  // Kubernetes' command replaces the image's ENTRYPOINT (and drops its CMD), args replace CMD.
  if (plan.command?.length)
    return {
      flags: ['--entrypoint', plan.command[0]!],
      tail: [...plan.command.slice(1), ...(plan.args ?? [])],
    };
  return { flags: [], tail: [...(plan.args ?? [])] };
}

/**
 * An emptyDir is writable by the pod's user and allows exec (the JVM unpacks native libraries into
 * /tmp). Docker copies the image directory under a tmpfs onto it, mode included, whatever `mode=` says
 * (measured on 20.10: a tmpfs over the image's 0755 /opt/zookeeper/conf came out root 0755), so the
 * tmpfs is owned by the pod's user and fsGroup instead, as the kubelet's fsGroup handling would leave it.
 */
function tmpfsOptions(plan: PodPlan, sizeBytes: string | undefined): string {
  const options = ['rw', 'exec', 'nosuid', 'nodev', 'mode=0777'];
  const [uid, gid] = (plan.user ?? '').split(':');
  if (uid) options.push(`uid=${uid}`);
  const group = plan.groups[0] ?? (gid ? Number(gid) : undefined);
  if (group !== undefined) options.push(`gid=${group}`);
  if (sizeBytes) options.push(`size=${sizeBytes}`);
  return options.join(',');
}

export function runArgs(plan: PodPlan, runId: string): string[] {
  const args = ['run', '-d', '--name', plan.name, '--hostname', plan.name, '--domainname', plan.domain];
  args.push('--network', networkName(plan.namespace));
  for (const alias of plan.aliases) args.push('--network-alias', alias);
  for (const domain of plan.dnsSearch) args.push('--dns-search', domain);
  args.push('--label', `${RUNNER_LABEL}=${runId}`);
  for (const [key, value] of Object.entries(plan.labels)) args.push('--label', `${key}=${value}`);
  // The runner, as the kubelet, decides about restarts (liveness, exits): Docker must not.
  args.push('--restart', 'no');
  if (plan.user !== undefined) args.push('--user', plan.user);
  for (const group of plan.groups) args.push('--group-add', String(group));
  if (plan.readOnlyRootFilesystem) args.push('--read-only');
  for (const cap of plan.capDrop) args.push('--cap-drop', cap);
  for (const cap of plan.capAdd) args.push('--cap-add', cap);
  if (plan.noNewPrivileges) args.push('--security-opt', 'no-new-privileges');
  if (plan.seccompUnconfined) args.push('--security-opt', 'seccomp=unconfined');
  if (plan.memoryBytes !== undefined)
    args.push('--memory', plan.memoryBytes, '--memory-swap', plan.memoryBytes);
  if (plan.cpus !== undefined) args.push('--cpus', plan.cpus);
  for (const volume of plan.volumes) {
    if (volume.kind === 'claim')
      args.push(
        '--mount',
        `type=volume,src=${volume.volume},dst=${volume.mountPath}${volume.readOnly ? ',readonly' : ''}`,
      );
    else args.push('--tmpfs', `${volume.mountPath}:${tmpfsOptions(plan, volume.sizeBytes)}`);
  }
  args.push('--stop-timeout', String(plan.terminationGracePeriodSeconds));
  for (const [name, value] of plan.env) args.push('--env', `${name}=${value}`);
  const { flags, tail } = entrypoint(plan);
  args.push(...flags, plan.image, ...tail);
  return args;
}

/** `docker stop` with the pod's grace period: SIGTERM (the image's STOPSIGNAL), SIGKILL after it. */
export function stopArgs(plan: PodPlan): string[] {
  return ['stop', '-t', String(plan.terminationGracePeriodSeconds), plan.name];
}
