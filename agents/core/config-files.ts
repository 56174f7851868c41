// Writing or printing (`--dry-run`) the files an agent rendered: shared by both agents' init.
import { writeFileAtomic, type FileToWrite } from './atomic-write.ts';

export function writeConfigFiles(files: readonly FileToWrite[]): void {
  for (const file of files) writeFileAtomic(file);
}

/** `--dry-run`: each file under a header naming its path, like `tail` prints several files. */
export function formatDryRun(files: readonly FileToWrite[]): string {
  return files.map((file) => `==> ${file.path} <==\n${file.content}`).join('\n');
}
