// vitest globalSetup: the Debian packages the tests run for real (promtool and a Prometheus server,
// ZooKeeper 3.8 as a second version, Java and Maven for the 3.9 jars). On a fresh machine of this kind
// (Debian, root) they are installed here, so the README's `npm ci && npm test` works as written;
// elsewhere the run stops at once with the command that installs them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface Need {
  readonly package: string;
  readonly present: () => boolean;
}

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

const NEEDS: readonly Need[] = [
  { package: 'openjdk-17-jre-headless', present: () => onPath('java') },
  { package: 'maven', present: () => onPath('mvn') },
  { package: 'prometheus', present: () => onPath('promtool') && onPath('prometheus') },
  { package: 'zookeeper', present: () => existsSync('/usr/share/java/zookeeper.jar') },
  // The TLS tests make their certificates with the real openssl CLI.
  { package: 'openssl', present: () => onPath('openssl') },
];

export default function setup(): void {
  const missing = NEEDS.filter((need) => !need.present()).map((need) => need.package);
  if (missing.length === 0) return;
  const install = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    throw new Error(
      `the tests need Debian packages that are missing: ${missing.join(', ')}. Install them: sudo ${install}`,
    );
  }
  console.log(`installing what the tests need: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('sh', ['-c', install], { stdio: 'inherit', env });
}
