// Writing or printing (`--dry-run`) the files an agent rendered: shared by both agents' init.
import { writeFilesAtomic, type FileToWrite } from './atomic-write.ts';

/** All of them or, when one cannot be written, none (the targets stay as they were). */
export function writeConfigFiles(files: readonly FileToWrite[]): void {
  writeFilesAtomic(files);
}

/** `--dry-run`: each file under a header naming its path, like `tail` prints several files. */
export function formatDryRun(files: readonly FileToWrite[]): string {
  return files.map((file) => `==> ${file.path} <==\n${file.content}`).join('\n');
}
