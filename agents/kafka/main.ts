// kafka-agent entry point: the only place that reads process.env and argv, and ends the process.
import { exitProcess } from '../core/exit.ts';
import { runAgent } from '../core/entry.ts';
import { kafkaProgramSpec } from './program-spec.ts';

void runAgent(kafkaProgramSpec, process.argv.slice(2), process.env).then(exitProcess);
