// Which docker client `npm run images` runs, on machines in every state the install step can find them
// in. The machine is a stand-in whose docker.io "install" makes /usr/bin/docker and /usr/sbin/dockerd
// appear, and whose clients answer as the real ones do: the machine image's /usr/local/bin/docker has
// no buildx, Debian's client has it. No engine is started.
import { describe, expect, it } from 'vitest';
import { chooseEngine, DEBIAN_CLIENT, type ClientProbe } from '../../images/build/engine.ts';
import { PACKAGES, type Machine, type Package } from '../../tools/machine.ts';

const IMAGE_CLIENT = '/usr/local/bin/docker';

function machine(options: { dockerIo: boolean; root?: boolean }) {
  const files = new Set<string>([IMAGE_CLIENT]);
  if (options.dockerIo) for (const path of PACKAGES['docker.io']) files.add(path);
  const installs: Package[] = [];
  const stub: Machine = {
    isRoot: options.root ?? true,
    has: (path) => files.has(path),
    // PATH order as on the machine image: /usr/local/bin before /usr/bin.
    which: (command) => [`/usr/local/bin/${command}`, `/usr/bin/${command}`].find((path) => files.has(path)),
    ensure(name) {
      installs.push(name);
      if (PACKAGES[name].every((path) => files.has(path))) return false;
      for (const path of PACKAGES[name]) files.add(path);
      return true;
    },
  };
  return { stub, installs };
}

function clients(engineAnswers: boolean): ClientProbe {
  return {
    answers: () => engineAnswers,
    buildsWithBuildKit: (docker) => docker === DEBIAN_CLIENT,
  };
}

describe('choosing the engine and its client', () => {
  it('on a bare machine installs docker.io first, then runs the client it installed', () => {
    const { stub, installs } = machine({ dockerIo: false });
    const choice = chooseEngine(stub, clients(false), {});
    expect(installs).toEqual(['docker.io']);
    expect(choice).toEqual({ docker: DEBIAN_CLIENT, startOwn: true });
  });

  it('on a machine that has docker.io runs the same client as on a bare one', () => {
    const { stub } = machine({ dockerIo: true });
    expect(chooseEngine(stub, clients(false), {})).toEqual({ docker: DEBIAN_CLIENT, startOwn: true });
  });

  it('with an engine already answering, never runs a client that cannot build with BuildKit', () => {
    const { stub, installs } = machine({ dockerIo: false });
    const choice = chooseEngine(stub, clients(true), { DOCKER_HOST: 'unix:///run/other.sock' });
    expect(choice).toEqual({ docker: DEBIAN_CLIENT, startOwn: false });
    expect(installs).toEqual(['docker.io']);
  });

  it('with an engine answering and a BuildKit client on PATH, installs nothing', () => {
    const { stub, installs } = machine({ dockerIo: false });
    const probe: ClientProbe = { answers: () => true, buildsWithBuildKit: () => true };
    expect(chooseEngine(stub, probe, {})).toEqual({ docker: IMAGE_CLIENT, startOwn: false });
    expect(installs).toEqual([]);
  });

  it('without an engine and without root says how to get one, and installs nothing', () => {
    const { stub, installs } = machine({ dockerIo: false, root: false });
    expect(() => chooseEngine(stub, clients(false), {})).toThrow(/not root: start one, or run as root/);
    expect(installs).toEqual([]);
  });
});
