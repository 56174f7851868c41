// The README's generated sections and where each comes from (see tables.ts).
import { errorCodeTable, variableTable } from './tables.ts';
import { zkVariables } from '../../agents/zk/settings.ts';
import { kafkaVariables } from '../../agents/kafka/settings.ts';

export function readmeSections(): Record<string, string> {
  return {
    'zk-variables': variableTable(zkVariables),
    'kafka-variables': variableTable(kafkaVariables),
    'error-codes': errorCodeTable(),
  };
}
