// The hooks of a file whose cases java.util.Properties reads back: one reader process and one temp
// directory for the whole file (cases get their own directories below it), both closed after it.
import { afterAll, beforeAll } from 'vitest';
import { startJavaProperties, type JavaPropertiesReader } from '../../tools/harness/java-properties.ts';
import { makeSuiteDir } from './in-process-init.ts';

export interface JavaSuite {
  /** The reader, from beforeAll on. */
  readonly java: JavaPropertiesReader;
  /** The file's temp directory, from beforeAll on. */
  readonly path: string;
}

export function javaSuite(prefix: string): JavaSuite {
  let java: JavaPropertiesReader | undefined;
  let dir: ReturnType<typeof makeSuiteDir> | undefined;
  beforeAll(() => {
    java = startJavaProperties();
    dir = makeSuiteDir(prefix);
  });
  afterAll(async () => {
    await java?.close();
    dir?.remove();
  });
  return {
    get java() {
      if (!java) throw new Error('javaSuite: used before beforeAll');
      return java;
    },
    get path() {
      if (!dir) throw new Error('javaSuite: used before beforeAll');
      return dir.path;
    },
  };
}
