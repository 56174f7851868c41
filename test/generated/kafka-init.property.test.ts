// 10,000 generated pods through kafka-agent's `init`, in-process (FC_SEED replays a run, FC_RUNS changes
// the count): each ends in a server.properties that java.util.Properties reads back with exactly the
// keys the input asked for (its KAFKA_* variables and what the agent derives) and the operator's
// values, or in exit 1 with an AGENT_ERR_* line naming the variable and nothing written.
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { kafkaProgramSpec } from '../../agents/kafka/program-spec.ts';
import { applySetting, changes, runInit, snapshot, type CaseDir } from './in-process-init.ts';
import { javaSuite } from './java-suite.ts';
import { assertInitProperty, outcomeOf, refusableNames, type InitOutcome } from './init-property.ts';
import { KAFKA_NAMES, kafkaCase, type KafkaCase } from './kafka-cases.ts';
import {
  NEVER_A_KEY,
  derivedKeys,
  expandHostname,
  kafkaMustSucceed,
  operatorProperties,
  podNames,
} from './kafka-oracle.ts';
import { refusalProblems } from './outcome.ts';

const suite = javaSuite('kafka-property');

function environment(c: KafkaCase, dir: CaseDir): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.noise)) env[name] = dir.place(value);
  for (const name of KAFKA_NAMES) {
    const s = c.settings[name];
    if (s) applySetting(env, name, s, dir);
  }
  for (const [name, s] of Object.entries(c.properties)) applySetting(env, name, s, dir);
  // Its default is a real directory of this machine; init only reads meta.properties there, but keep
  // every path of a case inside its own directory.
  if (env.KAFKA_LOG_DIRS_FILE === undefined) env.KAFKA_LOG_DIRS ??= join(dir.root, 'logs');
  return env;
}

async function check(c: KafkaCase, dir: CaseDir): Promise<InitOutcome> {
  const env = environment(c, dir);
  const confDir = join(dir.root, 'conf');
  const before = snapshot(dir);
  const run = await runInit(kafkaProgramSpec, env, [
    `--hostname=${c.host.hostname}`,
    `--conf-dir=${confDir}`,
  ]);
  const changed = changes(before, snapshot(dir));
  const problems: string[] = [];
  if (run.code === 0) {
    if (run.stderr !== '') problems.push(`exit 0 with stderr: ${run.stderr}`);
    const parsed = await suite.java.read(join(confDir, 'server.properties'));
    if (!parsed.ok) problems.push(`java.util.Properties cannot read server.properties: ${parsed.error}`);
    else {
      const actual = parsed.properties;
      const kraft = 'process.roles' in actual;
      const asked = operatorProperties(env);
      const derived = derivedKeys(kraft);
      const names = podNames(c.host.hostname, c, dir);
      for (const key of Object.keys(actual)) {
        if (!asked.has(key) && !derived.has(key))
          problems.push(`key ${JSON.stringify(key)} that the input did not ask for`);
        if (NEVER_A_KEY.test(key)) problems.push(`key ${key} from a service link or a script variable`);
      }
      for (const [key, value] of asked) {
        if (key === 'broker.id' || key === 'node.id') continue;
        const expected = expandHostname(value, names);
        if (actual[key] !== expected)
          problems.push(
            `${key}=${JSON.stringify(actual[key])?.slice(0, 200)}, asked for ${JSON.stringify(expected).slice(0, 200)}`,
          );
      }
      const idKey = kraft ? 'node.id' : 'broker.id';
      const otherIdKey = kraft ? 'broker.id' : 'node.id';
      if (!/^\d+$/.test(actual[idKey] ?? '')) problems.push(`${idKey} is ${JSON.stringify(actual[idKey])}`);
      if (otherIdKey in actual)
        problems.push(`${otherIdKey} in a ${kraft ? 'KRaft' : 'ZooKeeper-mode'} config`);
      if (!('log.dirs' in actual)) problems.push('no log.dirs');
    }
    const allowed = ['server.properties', 'log4j.properties', 'log4j2.properties', 'jmx-exporter.yaml'].map(
      (f) => join(confDir, f),
    );
    const stray = changed.filter((path) => !path.endsWith('/') && !allowed.includes(join(dir.root, path)));
    if (stray.length > 0) problems.push(`wrote other files: ${stray.join(', ')}`);
  } else {
    problems.push(...refusalProblems(run, refusableNames(KAFKA_NAMES, env), changed));
    if (kafkaMustSucceed(c, dir)) problems.push('refused a valid pod');
  }
  return outcomeOf(run, problems);
}

describe('kafka-agent init over generated pods', () => {
  it('writes a server.properties Kafka reads back with only the keys asked for, or refuses naming the variable and writes nothing', async () => {
    await assertInitProperty('kafka-agent init property', kafkaCase, suite.path, check);
  }, 300_000);
});
