// ZooKeeper jars for the integration tests, the demo and the benchmarks, in the git-ignored .cache/:
//  - 3.9.5 from Maven Central, resolved by Maven from images/zookeeper/pom.xml (the pom the image uses);
//  - the same plus ZooKeeper's own Prometheus provider (`--prometheus`), the benchmark's baseline;
//  - Debian's ZooKeeper 3.8 (apt package `zookeeper`) as a second real version (`--debian`).
// `npm run fetch:zk [-- --prometheus] [-- --debian]` fetches ahead of time; the tests call the
// functions below, which fetch on first use and are no-ops afterwards.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './run-agent.ts';

const CACHE = join(REPO_ROOT, '.cache');
const POM = join(REPO_ROOT, 'images', 'zookeeper', 'pom.xml');
/**
 * Written only after Maven succeeded: a fetch cut short (Ctrl-C, network) is redone, not trusted. It holds
 * a hash of the pom, Maven's arguments and the linked jars, so a changed pom (a new version, a new jar) is
 * fetched again.
 */
const MARKER = '.complete';
/** The jar whose presence in a lib dir means a fetch delivered ZooKeeper (mavenLibDir's default). */
const ZOOKEEPER_JAR = /^zookeeper-\d.*\.jar$/;
/** copy-dependencies' options for a server's lib dir: what runs it (no test or provided scope). */
const RUNTIME_JARS = [
  '-DincludeScope=runtime',
  // The native TLS provider is a 2 MB-per-platform optional dependency; the JDK's TLS is enough here.
  '-DexcludeArtifactIds=netty-tcnative-boringssl-static',
];

export const ZOOKEEPER_VERSION = '3.9.5';
/** Debian bookworm's package; its jar's manifest Class-Path names its dependencies by absolute path. */
export const DEBIAN_ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';

/** The lib dir of ZooKeeper 3.9.5 (ZK_LIB_DIR), fetched by Maven if the cache does not have it yet. */
export function zookeeperLibDir(): string {
  return mavenLibDir({ home: join(CACHE, `zookeeper-${ZOOKEEPER_VERSION}`), copyOptions: RUNTIME_JARS });
}

/** 3.9.5 plus zookeeper-prometheus-metrics (the pom's `prometheus-provider` profile), in its own dir. */
export function zookeeperPrometheusLibDir(): string {
  return mavenLibDir({
    home: join(CACHE, 'zookeeper-prometheus'),
    profiles: ['-Pprometheus-provider'],
    copyOptions: RUNTIME_JARS,
  });
}

/**
 * A lib dir for Debian's ZooKeeper 3.8: one symlink to its jar is enough, because the JVM follows the
 * jar's manifest Class-Path (absolute /usr/share/java/… paths) also for jars found through `<dir>/*`.
 * Throws, saying how to install it, when the package is missing.
 */
export function debianZookeeperLibDir(): string {
  if (!existsSync(DEBIAN_ZOOKEEPER_JAR)) {
    throw new Error(
      `${DEBIAN_ZOOKEEPER_JAR} not found: install Debian's ZooKeeper (apt-get install -y --no-install-recommends zookeeper)`,
    );
  }
  const lib = join(CACHE, 'zookeeper-debian', 'lib');
  const link = join(lib, 'zookeeper.jar');
  if (!existsSync(link)) {
    mkdirSync(lib, { recursive: true });
    rmSync(link, { force: true }); // a dangling link from an uninstalled package
    symlinkSync(DEBIAN_ZOOKEEPER_JAR, link);
  }
  return lib;
}

export interface MavenLib {
  /** The dir under .cache/ for the lib dir and the marker; `mavenLibDir` returns the lib dir. */
  readonly home: string;
  /** The lib dir's name under `home`. Default: `lib` (ZooKeeper's layout; Kafka's is `libs`). */
  readonly libName?: string;
  /** The jar that proves a fetch worked. Default: the zookeeper jar. */
  readonly mainJar?: RegExp;
  /** Default: images/zookeeper/pom.xml, the pom the image uses. */
  readonly pom?: string;
  /** Maven's options before the goal (-P…). */
  readonly profiles?: readonly string[];
  /** dependency:copy-dependencies' options (-D…). */
  readonly copyOptions?: readonly string[];
  /** Jars linked into lib/ next to Maven's copies (another lib dir's, to extend it). */
  readonly links?: readonly string[];
}

/** The lib dir of `dependency:copy-dependencies` on a pom, fetched again when the pom or the arguments change. */
export function mavenLibDir(options: MavenLib): string {
  const { home, pom = POM, links = [], libName = 'lib', mainJar = ZOOKEEPER_JAR } = options;
  const lib = join(home, libName);
  const marker = join(home, MARKER);
  const args = [
    '-q',
    '-B',
    '-f',
    pom,
    ...(options.profiles ?? []),
    'dependency:copy-dependencies',
    `-DoutputDirectory=${lib}`,
    ...(options.copyOptions ?? []),
  ];
  // Only what decides the jars: not the checkout's own paths (the pom's, the lib dir's, the linked
  // jars' directories). Worktrees share one .cache through a symlink, and a fingerprint with their paths
  // made each checkout wipe and fetch the shared dir again, under another's running servers.
  const fingerprint = createHash('sha256')
    .update(readFileSync(pom))
    .update([...(options.profiles ?? []), ...(options.copyOptions ?? [])].join('\n'))
    .update(links.map((jar) => basename(jar)).join('\n')) // nothing for none
    .digest('hex');
  if (hasJar(lib, mainJar) && readText(marker) === fingerprint) return lib;
  rmSync(marker, { force: true });
  // A pom change can drop a jar: start from an empty dir (jars Maven would keep are copied again quickly).
  rmSync(lib, { recursive: true, force: true });
  mkdirSync(lib, { recursive: true });
  for (const jar of links) symlinkSync(jar, join(lib, basename(jar)));
  process.stderr.write(
    `fetching the jars of ${relative(REPO_ROOT, pom)} with Maven into ${lib} (first use only)…\n`,
  );
  const result = spawnSync('mvn', args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.error) throw new Error(`cannot run mvn (is Maven installed?): ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `mvn ${args.join(' ')} failed with status ${result.status}:\n${result.stdout}${result.stderr}`,
    );
  }
  if (!hasJar(lib, mainJar)) throw new Error(`Maven succeeded but ${lib} has no jar matching ${mainJar}`);
  writeFileSync(marker, fingerprint);
  return lib;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function hasJar(lib: string, jar: RegExp): boolean {
  return existsSync(lib) && readdirSync(lib).some((name) => jar.test(name));
}

// `node tools/harness/fetch-zookeeper.ts [--prometheus] [--debian]`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const flags = new Set(process.argv.slice(2));
  const unknown = [...flags].filter((flag) => flag !== '--prometheus' && flag !== '--debian');
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown option ${unknown.join(' ')}; usage: fetch-zookeeper.ts [--prometheus] [--debian]\n`,
    );
    process.exitCode = 2;
  } else {
    console.log(zookeeperLibDir());
    if (flags.has('--prometheus')) console.log(zookeeperPrometheusLibDir());
    if (flags.has('--debian')) console.log(debianZookeeperLibDir());
  }
}
