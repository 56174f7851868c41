// The JMX exporter rules ship inside the kafka-agent bundle (init writes them next to server.properties,
// so the image needs no separate file): this renders images/kafka/jmx-exporter.yaml, the file people
// read and edit, into the module the agent imports. `npm run docs` runs it; test/kafka/jmx-rules.test.ts
// fails when the two differ.
import { readFileSync } from 'node:fs';

export const JMX_RULES_SOURCE = 'images/kafka/jmx-exporter.yaml';
export const JMX_RULES_MODULE = 'agents/kafka/render/jmx-exporter-rules.ts';

export function jmxRulesModule(root = '.'): string {
  const yaml = readFileSync(`${root}/${JMX_RULES_SOURCE}`, 'utf8');
  return (
    `// Generated from ${JMX_RULES_SOURCE} by \`npm run docs\`: edit that file, not this one.\n` +
    `export const JMX_EXPORTER_RULES = ${JSON.stringify(yaml)};\n`
  );
}
