// Where the broker keeps its partitions (log.dirs): the operator's comma-separated absolute paths, or the
// default the manifests' data volume holds. A relative path would depend on the JVM's working directory.
import { derive, type Draft } from './draft.ts';
import { invalid, shown } from './invalid.ts';

const DEFAULT_LOG_DIRS = '/var/lib/kafka/data';

/** Sets log.dirs (the default when not given) and returns its directories. */
export function deriveLogDirs(draft: Draft): string[] {
  const given = draft.get('log.dirs');
  const text = given?.value ?? DEFAULT_LOG_DIRS;
  derive(draft, 'log.dirs', text, given?.variable);
  const logDirs = text
    .split(',')
    .map((dir) => dir.trim())
    .filter((dir) => dir !== '');
  const badDir = logDirs.find((dir) => !/^\/[^\s]*$/.test(dir));
  if (badDir !== undefined || logDirs.length === 0) {
    invalid(
      `KAFKA_LOG_DIRS=${shown(given, text)} must be absolute paths, comma-separated (e.g. KAFKA_LOG_DIRS=/var/lib/kafka/data)`,
    );
  }
  return logDirs;
}
