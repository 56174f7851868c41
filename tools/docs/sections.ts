// The docs' generated sections: which page holds each, and what the code says it must contain
// (tables.ts). `npm run docs` writes them; test/docs/generated-sections.test.ts checks them.
import { errorCodeTable, variableTable } from './tables.ts';
import { zkVariables } from '../../agents/zk/settings.ts';
import { kafkaVariables } from '../../agents/kafka/settings.ts';

export interface GeneratedSection {
  /** The page, relative to the repository root. */
  readonly page: string;
  /** The name in its `<!-- name:start -->` … `<!-- name:end -->` markers. */
  readonly name: string;
  readonly content: string;
}

export function generatedSections(): GeneratedSection[] {
  return [
    { page: 'docs/configuration.md', name: 'zk-variables', content: variableTable(zkVariables) },
    { page: 'docs/configuration.md', name: 'kafka-variables', content: variableTable(kafkaVariables) },
    { page: 'docs/operations.md', name: 'error-codes', content: errorCodeTable() },
  ];
}
