// AS_IF_BARE_MACHINE=1: the programs the project installs look absent until this process installed
// them, by path and on PATH, whatever the machine already has; nothing else changes.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostMachine, PACKAGES } from '../../tools/machine.ts';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

describe('the machine as the install steps see it', () => {
  it('acting bare, hides every program of the packages the project installs', () => {
    const bare = hostMachine({ PATH, AS_IF_BARE_MACHINE: '1' });
    for (const path of Object.values(PACKAGES).flat()) expect(bare.has(path), path).toBe(false);
    expect(bare.which('dockerd')).toBeUndefined();
    expect(bare.which('debootstrap')).toBeUndefined();
    expect(bare.which('docker')).not.toBe('/usr/bin/docker');
  });

  it('acting bare, still sees what a bare machine has', () => {
    const bare = hostMachine({ PATH, AS_IF_BARE_MACHINE: '1' });
    expect(bare.has('/bin/sh')).toBe(true);
    expect(bare.which('sh')).toMatch(/\/sh$/);
  });

  it('otherwise sees the machine as it is', () => {
    const plain = hostMachine({ PATH });
    for (const path of Object.values(PACKAGES).flat()) expect(plain.has(path), path).toBe(existsSync(path));
  });
});
