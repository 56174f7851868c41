// `npm run demo`: the handbook's deployment on this machine. Three ZooKeeper pods through `zk-agent run`
// (tools/harness/ensemble.ts), then three Kafka 3.9.1 brokers through `kafka-agent run` with the handbook's
// env (tools/harness/kafka-cluster.ts); or, with --kraft, three combined KRaft 4.2.0 nodes and no
// ZooKeeper. Prints the quorum forming, each broker's readiness, the probes as the kubelet sees them and
// the handbook's verify steps' output (tools/demo/verify.ts), then stays up until Ctrl-C, when it stops every
// pod with SIGTERM (as Kubernetes would) and reports their exit codes.
//
//   npm run demo                     ZooKeeper 3.9.5 + Kafka 3.9.1 (jars fetched by Maven on first use)
//   npm run demo -- --kraft          Kafka 4.2.0 in KRaft mode, no ZooKeeper
//   npm run demo -- --debian         Debian's ZooKeeper 3.8 (apt-get install zookeeper) under Kafka 3.9.1
//   npm run demo -- --check          exit once everything is ready and verified (also DEMO_EXIT_AFTER_QUORUM=1)
//   npm run demo -- --cluster        the images and manifests on the local Kubernetes, left running
//                                    (tools/demo/cluster.ts); with --kraft manifests/kafka-kraft
import type { Ensemble } from './harness/ensemble.ts';
import type { KafkaCluster } from './harness/kafka-cluster.ts';
import { elapsed, interruptSignal } from './demo/interrupt.ts';
import { startKafka, waitForBrokers } from './demo/kafka.ts';
import { parseDemoOptions } from './demo/options.ts';
import { describeReadiness, reportProbes } from './demo/probes.ts';
import { stopEverything } from './demo/shutdown.ts';
import { verifyKafka, verifyZookeeper } from './demo/verify.ts';
import { watch } from './demo/watch.ts';
import { describeModes, startZookeeper, waitForQuorum } from './demo/zookeeper.ts';

const options = parseDemoOptions(process.argv.slice(2), process.env);
if ('exit' in options) {
  (options.exit === 0 ? console.log : console.error)(options.text);
  process.exit(options.exit);
}

if (options.cluster) {
  const { clusterDemo } = await import('./demo/cluster.ts');
  process.exit((await clusterDemo(options)) ? 0 : 1);
}

const stop = interruptSignal('every pod');
let zookeeper: Ensemble | undefined;
let kafka: KafkaCluster | undefined;
let failed = false;
try {
  if (!options.kraft) {
    zookeeper = await startZookeeper(options.debian);
    console.log("(the pods' dirs and logs are removed when the demo stops; KEEP_TMP=1 keeps them)");
    await waitForQuorum(zookeeper, stop);
    await reportProbes(zookeeper.pods, stop);
    await verifyZookeeper(zookeeper);
  }
  kafka = await startKafka(zookeeper);
  await waitForBrokers(kafka, stop);
  await reportProbes(kafka.pods, stop);
  await verifyKafka(kafka);
  console.log(`ready and verified after ${elapsed()}`);
  if (!options.check) {
    console.log('Ctrl-C stops every pod (SIGTERM to each agent, as Kubernetes does).');
    const cluster = kafka;
    const ensemble = zookeeper;
    await watch(async () => {
      const modes = ensemble
        ? `${describeModes(await ensemble.modes(ensemble.pods.map((p) => p.index)))}; `
        : '';
      return `${modes}${(await describeReadiness(cluster.pods)).text}`;
    }, stop);
  }
} catch (error) {
  if (!stop.aborted) {
    failed = true;
    console.error((error as Error).message);
  }
}
if (!(await stopEverything(kafka, zookeeper))) failed = true;
process.exitCode = failed ? 1 : 0;
