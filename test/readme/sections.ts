// The README's generated sections and where each comes from (see agents/core/docs.ts).
import { errorCodeTable, variableTable } from '../agents/core/docs.ts';
import { zkVariables } from '../agents/zk/settings.ts';

export function readmeSections(): Record<string, string> {
  return {
    'zk-variables': variableTable(zkVariables),
    'error-codes': errorCodeTable(),
  };
}
