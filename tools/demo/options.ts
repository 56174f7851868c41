// The demo's command line: a few flags, no parser library (a demo should read in one screen).

export interface DemoOptions {
  /** Exit once everything is ready and verified (what a test runs); also DEMO_EXIT_AFTER_QUORUM=1. */
  readonly check: boolean;
  /** Debian's ZooKeeper 3.8 instead of 3.9.5 from Maven. */
  readonly debian: boolean;
  /** Three combined KRaft 4.2.0 nodes instead of ZooKeeper + three Kafka 3.9.1 brokers. */
  readonly kraft: boolean;
  /** The manifests on the local Kubernetes of `npm run cluster` (tools/demo/cluster.ts), left running. */
  readonly cluster: boolean;
}

export const USAGE = 'usage: node tools/demo.ts [--check] [--kraft] [--debian | --cluster]';
const FLAGS = new Set(['--check', '--debian', '--kraft', '--cluster']);
/** Flags of earlier releases, with what replaced them. */
const RETIRED: Readonly<Record<string, string>> = {
  '--docker':
    '--docker is gone: the images and manifests now run on a real Kubernetes built here, `npm run demo -- --cluster`',
  '--remove-volumes': '--remove-volumes went with --docker: `npm run cluster -- down` removes the claims',
};

/** The options, or the exit code and text for a usage error or --help. */
export function parseDemoOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): DemoOptions | { readonly exit: number; readonly text: string } {
  const flags = new Set(argv);
  const retired = [...flags].find((flag) => RETIRED[flag]);
  if (retired) return { exit: 2, text: `${RETIRED[retired]}\n${USAGE}` };
  const unknown = [...flags].filter((flag) => !FLAGS.has(flag) && flag !== '--help');
  if (unknown.length > 0) return { exit: 2, text: `unknown option ${unknown.join(' ')}\n${USAGE}` };
  if (flags.has('--help')) return { exit: 0, text: USAGE };
  if (flags.has('--kraft') && flags.has('--debian'))
    return { exit: 2, text: `--debian picks a ZooKeeper, and --kraft runs none\n${USAGE}` };
  if (flags.has('--cluster') && flags.has('--debian'))
    return {
      exit: 2,
      text: `--cluster runs the images on the local Kubernetes, --debian runs Debian's ZooKeeper on the host\n${USAGE}`,
    };
  return {
    check: flags.has('--check') || env.DEMO_EXIT_AFTER_QUORUM === '1',
    debian: flags.has('--debian'),
    kraft: flags.has('--kraft'),
    cluster: flags.has('--cluster'),
  };
}
