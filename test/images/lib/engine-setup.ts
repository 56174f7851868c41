// vitest globalSetup for the image tests: the engine `npm run images` uses (started here, stopped in the
// teardown, by its pid), the base images and the three images, built again from cache (a no-op after
// `npm run images`), then the engine's address handed to the test files.
import type { TestProject } from 'vitest/node';
import { buildAll, summary } from '../../../images/build/build.ts';
import { startEngine } from '../../../images/build/engine.ts';
import { ensureBaseImages } from '../../../images/build/stand-ins.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    docker: string;
    dockerEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engine = await startEngine();
  try {
    ensureBaseImages(engine);
    console.log(summary(buildAll(engine)));
  } catch (error) {
    await engine.stop();
    throw error;
  }
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(engine.env)) if (value !== undefined) env[name] = value;
  project.provide('docker', engine.docker);
  project.provide('dockerEnv', env);
  return () => engine.stop();
}
