// `npm run docs`: regenerates the README's generated sections from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { readmeSections } from '../test/readme/sections.ts';
import { replaceSection } from '../test/readme/tables.ts';

let readme = readFileSync('README.md', 'utf8');
for (const [name, content] of Object.entries(readmeSections()))
  readme = replaceSection(readme, name, content);
writeFileSync('README.md', readme);

// The JMX exporter rules the kafka-agent bundle carries.
const { JMX_RULES_MODULE, jmxRulesModule } = await import('./jmx-rules.ts');
writeFileSync(JMX_RULES_MODULE, jmxRulesModule());
