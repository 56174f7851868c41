// A Secret volume written the way the kubelet writes it (its AtomicWriter): the files go into a new
// timestamped directory, a `..data_tmp` symlink to it is renamed over `..data`, and each key is a symlink
// `<key> -> ..data/<key>`. So all keys change in one rename, and a reader that holds `..data` open sees
// the old set whole. Tests of certificate rotation swap certificates with this and nothing else.
import { copyFileSync, existsSync, mkdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

export class MountedSecret {
  private generation = 0;
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  /** Puts `files` (Secret key → the path of a file to copy) in place of what was mounted, in one rename. */
  swap(files: Readonly<Record<string, string>>): void {
    const stamp = `..${new Date().toISOString().replace(/[-:.TZ]/g, '_')}${++this.generation}`;
    const data = join(this.dir, stamp);
    mkdirSync(data, { mode: 0o755 });
    for (const [key, from] of Object.entries(files)) copyFileSync(from, join(data, key));
    let previous: string | undefined;
    try {
      previous = readlinkSync(join(this.dir, '..data'));
    } catch {
      previous = undefined;
    }
    const temp = join(this.dir, '..data_tmp');
    rmSync(temp, { force: true });
    symlinkSync(stamp, temp);
    renameSync(temp, join(this.dir, '..data'));
    // Made once, as the kubelet does: they point through `..data`, so they never change again.
    for (const key of Object.keys(files)) {
      const link = join(this.dir, key);
      if (!existsSync(link)) symlinkSync(join('..data', key), link);
    }
    if (previous !== undefined) rmSync(join(this.dir, previous), { recursive: true, force: true });
  }
}
