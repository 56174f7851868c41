// `npm run demo -- --docker`: the manifests as a cluster runs them, on the local Docker engine. The
// images are built first (what `npm run images` does, in-process: the engine images/build/engine.ts finds
// or starts, the stand-in bases where Docker Hub is out of reach), then the local StatefulSet runner
// (test/e2e/runner) applies manifests/zookeeper and, once its pods are Ready, manifests/kafka; or with
// --kraft manifests/kafka-kraft alone, with the cluster-id Secret the operator creates. Every pod
// transition is printed as the runner sees it, then the handbook's verify steps inside the containers.
// Ctrl-C (SIGINT or SIGTERM) stops the pods with their grace periods, removes the containers and the
// network (the volumes too with --remove-volumes), and stops the engine if the demo started it, checking
// the host's network state as `npm run images` does.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { buildAll, summary } from '../../images/build/build.ts';
import { startEngine, type Engine } from '../../images/build/engine.ts';
import { ensureBaseImages } from '../../images/build/stand-ins.ts';
import { verifyKafkaPods, verifyZookeeperPods } from '../handbook-verify.ts';
import { LocalCluster } from '../../test/e2e/runner/cluster.ts';
import { inNamespace, secret, type K8sObject } from '../../test/e2e/runner/objects.ts';
import { planStatefulSets } from '../../test/e2e/runner/plan.ts';
import { build } from '../manifests.ts';
import { demoClusterId, refuseKraftVolumes } from './docker-cluster-id.ts';
import { stopDockerDemo } from './docker-stop.ts';
import { elapsed } from './interrupt.ts';
import type { DemoOptions } from './options.ts';

/** One pod's time to Ready: a JVM on 2 shared cores, probed every 10 s, beside the others starting. */
const TIMEOUTS = { readyMs: 300_000 };

/** The handbook's verify steps, printed with the demo's other lines. */
const report = (text: string) => console.log(text);

/** The bases to apply, in order: the Kafka objects get the KRaft Secret later (it needs the engine). */
function bases(kraft: boolean): K8sObject[][] {
  return kraft
    ? [inNamespace(build('kafka-kraft'))]
    : [inNamespace(build('zookeeper')), inNamespace(build('kafka'))];
}

interface PodTemplateOwner {
  readonly spec: {
    readonly template: { readonly spec: { readonly containers: { readonly image: string }[] } };
  };
}

/** Builds the images the StatefulSets name (and only those), from the build cache when it has them. */
function buildImages(engine: Engine, objects: readonly K8sObject[]): void {
  const images = new Set(
    objects
      .filter((object) => object.kind === 'StatefulSet')
      .flatMap((set) => (set as unknown as PodTemplateOwner).spec.template.spec.containers)
      .map((container) => container.image),
  );
  ensureBaseImages(engine);
  console.log(`\nimages:\n${summary(buildAll(engine, (image) => images.has(image.tag)))}`);
  console.log(`[${elapsed()}] images built`);
}

/** The claim volumes the runner will give the StatefulSets' pods (planned with a stand-in Secret). */
function claimVolumes(objects: readonly K8sObject[]): string[] {
  const planned = planStatefulSets([...objects, secret('kafka-cluster-id', { 'cluster-id': '-' })]);
  return planned.flatMap((set) =>
    set.pods.flatMap((pod) =>
      pod.volumes.flatMap((volume) => (volume.kind === 'claim' ? [volume.volume] : [])),
    ),
  );
}

/** `promise`, or the abort as a rejection; a promise left behind by Ctrl-C may fail later, unheard. */
function untilAborted<T>(promise: Promise<T>, stop: AbortSignal): Promise<T> {
  promise.catch(() => {});
  return Promise.race([promise, once(stop, 'abort').then(() => stop.throwIfAborted() as never)]);
}

/** Runs the demo; false when something failed (Ctrl-C is not a failure). */
export async function dockerDemo(options: DemoOptions, stop: AbortSignal): Promise<boolean> {
  let engine: Engine;
  try {
    engine = await startEngine();
  } catch (error) {
    console.error(`demo --docker: ${(error as Error).message}`);
    return false;
  }
  const cluster = new LocalCluster({
    cli: { docker: engine.docker, env: engine.env },
    runId: `demo-${randomBytes(3).toString('hex')}`,
  });
  console.log(
    `runner run ${cluster.driver.runId}: its containers and network carry the label statefulset-agents.runner=${cluster.driver.runId}`,
  );
  const applied: string[] = [];
  let failed = false;
  try {
    const [first, ...rest] = bases(options.kraft);
    buildImages(engine, [first!, ...rest].flat());
    stop.throwIfAborted();
    const sets: K8sObject[][] = [first!, ...rest];
    if (options.kraft) {
      const claims = claimVolumes(first!);
      const { id, kept } = await demoClusterId(cluster.driver, claims);
      console.log(
        `KRaft cluster id ${id} (${kept ? 'kept with the volumes' : 'new'}): Secret kafka-cluster-id`,
      );
      sets[0] = [...first!, secret('kafka-cluster-id', { 'cluster-id': id })];
    } else await refuseKraftVolumes(cluster.driver, sets.flatMap(claimVolumes));
    for (const objects of sets) {
      const names = planStatefulSets(objects).map((set) => set.name);
      applied.push(...names);
      console.log(`\n[${elapsed()}] kubectl apply: StatefulSet ${names.join(', ')}`);
      await untilAborted(cluster.apply(objects, TIMEOUTS), stop);
      console.log(`[${elapsed()}] StatefulSet ${names.join(', ')}: every pod Ready`);
      if (!options.kraft && names.includes('zk'))
        await untilAborted(
          verifyZookeeperPods(
            cluster,
            cluster.statefulSet('zk').pods.map((pod) => pod.name),
            report,
          ),
          stop,
        );
    }
    console.log(`all pods Ready after ${elapsed()}`);
    await untilAborted(verifyKafkaPods(cluster, { report, topicMayExist: true }), stop);
    console.log(`ready and verified after ${elapsed()}`);
    if (!options.check && !stop.aborted) {
      console.log('Ctrl-C stops every pod with its grace period and removes the containers and the network.');
      await once(stop, 'abort');
    }
  } catch (error) {
    if (!stop.aborted) {
      failed = true;
      console.error((error as Error).message);
    }
  }
  try {
    await stopDockerDemo(cluster, applied, options.removeVolumes);
  } catch (error) {
    failed = true;
    console.error(`stopping: ${(error as Error).message}`);
  }
  try {
    await engine.stop();
  } catch (error) {
    failed = true;
    console.error((error as Error).message);
  }
  return !failed;
}
