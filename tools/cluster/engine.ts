// The Docker engine the cluster's nodes run on: the project's own dockerd (.docker/, the flags
// `npm run images` starts it with, so it leaves the host's network alone), started by `up` and kept
// running until `down`, which stops it only if `up` started it. `npm run images` and the image tests use
// it while it runs (images/build/engine.ts).
//
// One flag more than the image builds need: the default OCI runtime is runc behind runc-capfilter.
// kind's nodes are privileged containers, and Docker gives a privileged container every capability the
// kernel knows; where the machine's own bounding set lacks one (seen: CAP_SYS_RESOURCE on these VMs),
// runc cannot raise it and every node fails with "unable to apply caps: operation not permitted". The
// filter drops exactly the capabilities the bounding set lacks, and changes nothing where it has them all.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  chooseEngine,
  DEBIAN_CLIENT,
  DEBIAN_DAEMON,
  dockerdArgs,
  PID_FILE,
  realClients,
  runningDaemon,
  SOCKET,
  STATE as ENGINE_STATE,
} from '../../images/build/engine.ts';
import { mountsUnder } from '../../images/build/host-state.ts';
import { hostMachine } from '../machine.ts';
import { hostSnapshot, restoreHost, type HostSnapshot } from './host.ts';
import { HERE, STATE } from './versions.ts';

const RECORD = join(STATE, 'engine.json');

interface EngineRecord {
  /** Started by `up` (and so stopped by `down`), or found running. */
  readonly started: boolean;
  readonly pid: number;
  readonly before: HostSnapshot;
}

export interface ClusterEngine {
  readonly docker: string;
  readonly env: NodeJS.ProcessEnv;
}

export function engineEnv(): NodeJS.ProcessEnv {
  return { ...process.env, DOCKER_HOST: `unix://${SOCKET}`, DOCKER_BUILDKIT: '1' };
}

/** Starts the engine unless one of ours runs; records the host as found, for `down`. */
export async function startClusterEngine(): Promise<ClusterEngine> {
  const machine = hostMachine();
  const { startOwn } = chooseEngine(machine, realClients, { ...process.env, DOCKER_BUILDKIT: '1' });
  if (!startOwn && process.env.DOCKER_HOST)
    throw new Error("DOCKER_HOST is set: the cluster runs on the project's own engine; unset DOCKER_HOST");
  machine.ensure('jq');
  machine.ensure('libcap2-bin');
  mkdirSync(STATE, { recursive: true });
  const env = engineEnv();
  const running = runningDaemon();
  if (running !== undefined) {
    if (!existsSync(RECORD))
      writeFileSync(
        RECORD,
        JSON.stringify({ started: false, pid: running, before: hostSnapshot(ENGINE_STATE) }),
      );
    return { docker: DEBIAN_CLIENT, env };
  }
  const before = hostSnapshot(ENGINE_STATE);
  mkdirSync(ENGINE_STATE, { recursive: true });
  const log = openSync(join(ENGINE_STATE, 'dockerd.log'), 'a');
  const daemon = spawn(
    DEBIAN_DAEMON,
    dockerdArgs([`--add-runtime=capfilter=${join(HERE, 'runc-capfilter')}`, '--default-runtime=capfilter']),
    { stdio: ['ignore', log, log], detached: true },
  );
  daemon.unref();
  for (let attempt = 0; attempt < 120; attempt++) {
    if (realClients.answers(DEBIAN_CLIENT, env)) {
      writeFileSync(
        RECORD,
        JSON.stringify({ started: true, pid: daemon.pid!, before } satisfies EngineRecord),
      );
      console.log(`cluster: started dockerd (pid ${daemon.pid}) on ${SOCKET}`);
      return { docker: DEBIAN_CLIENT, env };
    }
    if (daemon.exitCode !== null) break;
    await sleep(500);
  }
  throw new Error(`dockerd did not answer on ${SOCKET}: see ${join(ENGINE_STATE, 'dockerd.log')}`);
}

/**
 * Stops the engine if `up` started it, puts back what the nodes changed on the host (sysctls that a
 * privileged node's kubelet and systemd write, /lib/modules that Docker creates as a bind source), and
 * returns how the host differs from what `up` found (empty: as found).
 */
export async function stopClusterEngine(): Promise<string[]> {
  if (!existsSync(RECORD)) return [];
  const record = JSON.parse(readFileSync(RECORD, 'utf8')) as EngineRecord;
  if (record.started) {
    const pid = runningDaemon();
    if (pid !== undefined) {
      process.kill(pid, 'SIGTERM');
      for (let waited = 0; waited < 120 && runningDaemon() !== undefined; waited++) await sleep(500);
      if (runningDaemon() !== undefined) process.kill(pid, 'SIGKILL');
    }
    for (const point of mountsUnder(ENGINE_STATE).reverse()) spawnSync('umount', ['-l', point]);
    rmSync(PID_FILE, { force: true });
  }
  const changes = restoreHost(record.before, ENGINE_STATE);
  rmSync(RECORD, { force: true });
  return changes;
}
