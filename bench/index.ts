// `npm run bench`: every benchmark, printed as one table. Benchmarks report; they never fail a build.
import { benchZkInit } from './zk-init.ts';
import { printTable, type Row } from './lib/table.ts';

const rows: Row[] = [...benchZkInit()];
printTable(rows);
