// `npm run docs`: regenerates the docs' generated sections from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { generatedSections } from '../tools/docs/sections.ts';
import { replaceSection } from '../tools/docs/tables.ts';

for (const { page, name, content } of generatedSections())
  writeFileSync(page, replaceSection(readFileSync(page, 'utf8'), name, content));

// The JMX exporter rules the kafka-agent bundle carries.
const { JMX_RULES_MODULE, jmxRulesModule } = await import('./jmx-rules.ts');
writeFileSync(JMX_RULES_MODULE, jmxRulesModule());
