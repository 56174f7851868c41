import { afterAll, expect, it } from 'vitest';
import { KafkaCluster } from '../harness/kafka-cluster.ts';
let cluster: KafkaCluster | undefined;
afterAll(async () => { await cluster?.teardown(); });
it('kraft comes up', async () => {
  cluster = await KafkaCluster.start({ mode: 'kraft', label: 'smoke' });
  const t = performance.now();
  await cluster.waitReady();
  console.log('ready after', performance.now() - t);
  for (const i of [0,1,2]) console.log((await cluster.get(i, '/readyz')).body, (await cluster.get(i, '/')).body);
  const m = await cluster.get(0, '/metrics'); console.log(m.body.split('\n').filter(l=>!l.startsWith('#')).length, m.body.slice(0,1500));
  expect(1).toBe(1);
}, 300_000);
