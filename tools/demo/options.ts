// The demo's command line: a few flags, no parser library (a demo should read in one screen).

export interface DemoOptions {
  /** Exit once everything is ready and verified (what a test runs); also DEMO_EXIT_AFTER_QUORUM=1. */
  readonly check: boolean;
  /** Debian's ZooKeeper 3.8 instead of 3.9.5 from Maven. */
  readonly debian: boolean;
  /** Three combined KRaft 4.2.0 nodes instead of ZooKeeper + three Kafka 3.9.1 brokers. */
  readonly kraft: boolean;
  /** The manifests' StatefulSets on the local Docker engine (tools/demo/docker.ts) instead of host processes. */
  readonly docker: boolean;
  /** The manifests on the local Kubernetes of `npm run cluster` (tools/demo/cluster.ts), left running. */
  readonly cluster: boolean;
  /** With --docker: the claim volumes go too when the demo stops (kept otherwise, as PVCs are). */
  readonly removeVolumes: boolean;
}

export const USAGE =
  'usage: node tools/demo.ts [--check] [--kraft] [--debian | --docker [--remove-volumes] | --cluster]';
const FLAGS = new Set(['--check', '--debian', '--kraft', '--docker', '--remove-volumes', '--cluster']);

/** The options, or the exit code and text for a usage error or --help. */
export function parseDemoOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): DemoOptions | { readonly exit: number; readonly text: string } {
  const flags = new Set(argv);
  const unknown = [...flags].filter((flag) => !FLAGS.has(flag) && flag !== '--help');
  if (unknown.length > 0) return { exit: 2, text: `unknown option ${unknown.join(' ')}\n${USAGE}` };
  if (flags.has('--help')) return { exit: 0, text: USAGE };
  if (flags.has('--kraft') && flags.has('--debian'))
    return { exit: 2, text: `--debian picks a ZooKeeper, and --kraft runs none\n${USAGE}` };
  if (flags.has('--docker') && flags.has('--debian'))
    return {
      exit: 2,
      text: `--debian runs Debian's ZooKeeper on the host; --docker runs the images\n${USAGE}`,
    };
  if (flags.has('--cluster') && (flags.has('--docker') || flags.has('--debian')))
    return {
      exit: 2,
      text: `--cluster runs the images on the local Kubernetes: not with --docker or --debian\n${USAGE}`,
    };
  if (flags.has('--remove-volumes') && !flags.has('--docker'))
    return { exit: 2, text: `--remove-volumes is for --docker (the host demo keeps no volumes)\n${USAGE}` };
  return {
    check: flags.has('--check') || env.DEMO_EXIT_AFTER_QUORUM === '1',
    debian: flags.has('--debian'),
    kraft: flags.has('--kraft'),
    docker: flags.has('--docker'),
    cluster: flags.has('--cluster'),
    removeVolumes: flags.has('--remove-volumes'),
  };
}
