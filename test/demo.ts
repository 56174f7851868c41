// `npm run demo`: a three-pod ZooKeeper ensemble on this machine, each pod started through
// `zk-agent run` as its container would be (see test/harness/ensemble.ts). Prints each pod's mode as
// the quorum forms and the agents' HTTP ports, then stays up until Ctrl-C, when it stops every pod with
// SIGTERM (as Kubernetes would) and reports their exit codes.
//
//   npm run demo                     ZooKeeper 3.9.5 (jars fetched by Maven on first use)
//   npm run demo -- --debian         Debian's ZooKeeper 3.8 (apt-get install zookeeper)
//   npm run demo -- --check          exit once the quorum is reported (also DEMO_EXIT_AFTER_QUORUM=1)
import { setTimeout as sleep } from 'node:timers/promises';
import { agentGet } from './harness/agent-http.ts';
import { Ensemble, type Modes } from './harness/ensemble.ts';
import { debianZookeeperLibDir, zookeeperLibDir } from './harness/fetch-zookeeper.ts';
import { pollUntil } from './harness/poll.ts';

const USAGE = 'usage: node test/demo.ts [--check] [--debian]';
const flags = new Set(process.argv.slice(2));
const unknown = [...flags].filter((flag) => flag !== '--check' && flag !== '--debian');
if (unknown.length > 0 || flags.has('--help')) {
  console.error(`${unknown.length ? `unknown option ${unknown.join(' ')}\n` : ''}${USAGE}`);
  process.exit(unknown.length ? 2 : 0);
}
const checkOnly = flags.has('--check') || process.env.DEMO_EXIT_AFTER_QUORUM === '1';

const stop = new AbortController();
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A second Ctrl-C while stopping gives up waiting; the harness kills what is left on exit.
    if (++interrupts > 1) process.exit(130);
    console.log(`\n${signal}: stopping the ensemble…`);
    stop.abort(new Error(signal));
  });
}

const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const describeModes = (modes: Modes) =>
  Object.entries(modes)
    .map(([pod, mode]) => `${pod} ${mode ?? 'not serving yet'}`)
    .join(', ');

const libDir = flags.has('--debian') ? debianZookeeperLibDir() : zookeeperLibDir();
const ensemble = await Ensemble.start({ libDir, label: 'demo' });
console.log(`ZooKeeper from ${libDir}, three pods through zk-agent run:`);
for (const pod of ensemble.pods) {
  console.log(
    `  ${pod.hostname}  ${pod.fqdn} → ${pod.ip}  client port ${pod.clientPort}  ` +
      `agent http://127.0.0.1:${pod.agentPort}/  log ${pod.logFile}`,
  );
}

console.log("(the pods' dirs and logs are removed when the demo stops; KEEP_TMP=1 keeps them)");

let failed = false;
try {
  await ensemble.waitForQuorum({
    timeoutMs: 120_000,
    signal: stop.signal,
    onChange: (modes) => console.log(`[${seconds()}] ${describeModes(modes)}`),
  });
  console.log(`quorum formed after ${seconds()}`);
  await reportProbes();
  if (!checkOnly) {
    console.log('Ctrl-C stops every pod (SIGTERM to each agent, as Kubernetes does).');
    await watch();
  }
} catch (error) {
  if (!stop.signal.aborted) {
    failed = true;
    console.error((error as Error).message);
  }
}

// Stop: SIGTERM to each agent, which forwards it to its server and exits with the server's status.
for (const index of ensemble.runningIndices()) {
  const pod = ensemble.pods[index]!;
  try {
    const result = await ensemble.stopPod(index, 'SIGTERM', 20_000);
    console.log(
      `${pod.hostname}: agent exited ${result.code ?? result.signal} (server status ${result.server?.status ?? '?'})`,
    );
  } catch (error) {
    failed = true;
    console.error(`${pod.hostname}: ${(error as Error).message}`);
  }
}
await ensemble.teardown();
process.exitCode = failed ? 1 : 0;

/** What the kubelet sees: each agent's /livez and /readyz, once every pod is ready (or 15 s passed). */
async function reportProbes(): Promise<void> {
  const probe = (port: number, path: string) => agentGet(port, path).catch(() => undefined);
  // Not all ready by then, or Ctrl-C: the probes are shown as they are.
  await pollUntil(
    'every pod ready',
    async () => {
      const replies = await Promise.all(ensemble.pods.map((pod) => probe(pod.agentPort, '/readyz')));
      return replies.every((readyz) => readyz?.status === 200) || undefined;
    },
    { timeoutMs: 15_000, intervalMs: 500, bail: () => stop.signal.throwIfAborted() },
  ).catch(() => undefined);
  console.log(`probes, as the kubelet sees them (http://127.0.0.1:<agent port>/livez, /readyz):`);
  for (const pod of ensemble.pods) {
    const [livez, readyz] = await Promise.all([
      probe(pod.agentPort, '/livez'),
      probe(pod.agentPort, '/readyz'),
    ]);
    const reason = readyz ? readyz.json().reason : 'no answer';
    console.log(
      `  ${pod.hostname}  /livez ${livez?.status ?? '-'}  /readyz ${readyz?.status ?? '-'}  ${reason}`,
    );
  }
}

/** Until Ctrl-C: prints the modes whenever they change (stop a pod by hand to watch a re-election). */
async function watch(): Promise<void> {
  let last = '';
  while (!stop.signal.aborted) {
    const modes = await ensemble.modes(ensemble.pods.map((pod) => pod.index));
    const text = describeModes(modes);
    if (text !== last && last !== '') console.log(`[${seconds()}] ${text}`);
    last = text;
    // Waits a second, or less if Ctrl-C comes (the timers promise removes its abort listener itself).
    await sleep(1000, undefined, { signal: stop.signal }).catch(() => {});
  }
}
