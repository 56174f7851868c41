// What the project's install steps ask of the machine: is this program there, and install the Debian
// package that has it. Every step that installs something on first use goes through here, so that a
// test, and a CI run on a machine where the packages are already installed, can take the path a bare
// machine takes.
//
// AS_IF_BARE_MACHINE=1 makes the programs of the packages below look absent — by path and on PATH —
// until this process has run the step that installs them. The step still runs for real (apt-get finds
// the package installed and changes nothing), and whatever is chosen after it is what a bare machine
// would choose. Without it, a bug that only shows before the first install (a docker client picked
// before docker.io existed) hides on every machine that ran the install once.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The Debian packages the project installs on first use, and the programs each brings. */
export const PACKAGES = {
  'docker.io': ['/usr/bin/docker', '/usr/sbin/dockerd'],
  debootstrap: ['/usr/sbin/debootstrap'],
  // The distribution registry server, for the push test (its package never starts it: no init here).
  'docker-registry': ['/usr/bin/docker-registry'],
  // The local cluster: runc's build needs libseccomp's headers; the node runtime's capability filter
  // (tools/cluster/runc-capfilter) needs jq and capsh.
  'libseccomp-dev': ['/usr/include/seccomp.h'],
  jq: ['/usr/bin/jq'],
  'libcap2-bin': ['/usr/sbin/capsh'],
} as const satisfies Record<string, readonly string[]>;
export type Package = keyof typeof PACKAGES;

export interface Machine {
  /** Is the file there (a program of PACKAGES looks absent until installed, when acting bare). */
  has(path: string): boolean;
  /** The absolute path of `command` on PATH, as `command -v` finds it, seen through `has`. */
  which(command: string): string | undefined;
  /** Installs `name` unless every program it brings is there; true when it ran the install. */
  ensure(name: Package): boolean;
  readonly isRoot: boolean;
}

const PROVIDED = new Set<string>(Object.values(PACKAGES).flat());

/** The path with its symlinks resolved: on merged-/usr Debian, /sbin/dockerd is /usr/sbin/dockerd. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** One `apt-get update` per process: a fresh machine's package lists may be missing or stale. */
let updated = false;

export function aptInstall(packages: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`${packages.join(', ')} missing, and this is not root on Debian: run ${command}`);
  }
  console.log(`installing Debian's ${packages.join(' ')}…`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!updated) execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env: aptEnv });
  updated = true;
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env: aptEnv,
  });
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The machine this process runs on; `env` decides whether it acts bare (AS_IF_BARE_MACHINE=1). */
export function hostMachine(env: NodeJS.ProcessEnv = process.env): Machine {
  const bare = env.AS_IF_BARE_MACHINE === '1';
  /** Programs this process installed: visible again when acting bare. */
  const installed = new Set<string>();
  const has = (path: string) =>
    existsSync(path) && (!bare || !PROVIDED.has(real(path)) || installed.has(real(path)));
  return {
    isRoot: process.getuid?.() === 0,
    has,
    which(command) {
      for (const dir of (env.PATH ?? '').split(delimiter)) {
        const path = join(dir || '.', command);
        if (has(path) && executable(path)) return path;
      }
      return undefined;
    },
    ensure(name) {
      const programs = PACKAGES[name];
      if (programs.every(has)) return false;
      aptInstall([name], env);
      const missing = programs.filter((path) => !existsSync(path));
      if (missing.length > 0) throw new Error(`apt-get install ${name} left ${missing.join(', ')} missing`);
      for (const path of programs) installed.add(real(path));
      return true;
    },
  };
}
