// Dockerfile.zk and Dockerfile.kafka checked without an engine (so in `npm test`): dockerfile-utils,
// the maintained validator behind VS Code's Dockerfile language server, for what Docker's builder would
// reject or warn about; then the image contract, as rules of ours on dockerfile-ast's parse tree (the
// parser dockerfile-utils is built on): what `npm run test:images` would only find after a build.
// (dockerfilelint, the other candidate, has had no release since 2020 and knows no multi-stage rules.)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../tools/harness/run-agent.ts';

const IMAGES = [
  { file: 'Dockerfile.zk', agent: 'zk-agent', wrappers: 'images/zookeeper/bin' },
  { file: 'Dockerfile.kafka', agent: 'kafka-agent', wrappers: 'images/kafka/bin' },
] as const;
/** Bases a stage may start from besides an earlier stage: the ones `npm run images` can stand in for. */
const BASES = new Set(['debian:bookworm-slim', 'node:24-bookworm-slim']);
/** Packages that are build tools: never installed in the final stage. */
const BUILD_TOOLS = /\b(maven|openjdk-\d+-jdk\S*|binutils|build-essential|gcc|make|git|curl|wget)\b/;

for (const { file, agent, wrappers } of IMAGES) {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  const dockerfile = DockerfileParser.parse(text);
  const froms = dockerfile.getFROMs();
  const finalStart = froms.at(-1)!.getRange().start.line;
  const final = dockerfile.getInstructions().filter((step) => step.getRange().start.line >= finalStart);
  const keyword = (steps: Instruction[], name: string) => steps.filter((step) => step.getKeyword() === name);

  describe(file, () => {
    it('passes dockerfile-utils with no diagnostics', () => {
      expect(validate(text).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    });

    it('has no parser directive (`# syntax=` makes the builder pull a frontend from Docker Hub)', () => {
      expect(dockerfile.getDirectives().map((d) => d.getName())).toEqual([]);
      expect(text).not.toMatch(/^#\s*syntax\s*=/im);
    });

    it('starts every stage from the Debian or Node base or an earlier stage, and ends on Debian slim', () => {
      const stages = new Set<string>();
      for (const from of froms) {
        const image = from.getImage()!;
        expect(BASES.has(image) || stages.has(image), `FROM ${image}`).toBe(true);
        const stage = from.getBuildStage();
        if (stage) stages.add(stage);
      }
      expect(froms.at(-1)!.getImage()).toBe('debian:bookworm-slim');
    });

    it('runs the final stage as uid 1000 with tini as PID 1 in front of the agent', () => {
      expect(keyword(final, 'USER').map((step) => step.getArgumentsContent())).toEqual(['1000:1000']);
      const [entrypoint, ...more] = keyword(final, 'ENTRYPOINT');
      expect(more).toEqual([]);
      expect(JSON.parse(entrypoint!.getArgumentsContent()!)).toEqual(['tini', '--', agent, 'run']);
    });

    it('installs no build tools in the final stage, and nothing with recommends', () => {
      for (const run of keyword(final, 'RUN')) expect(run.getArgumentsContent()).not.toMatch(BUILD_TOOLS);
      for (const run of keyword(dockerfile.getInstructions(), 'RUN')) {
        const content = run.getArgumentsContent()!;
        if (content.includes('apt-get install')) expect(content).toContain('--no-install-recommends');
      }
    });

    it('sets no KAFKA_* variable (kafka-agent would make each a broker property)', () => {
      for (const env of keyword(dockerfile.getInstructions(), 'ENV')) {
        expect(env.getArgumentsContent()).not.toMatch(/(^|\s)KAFKA_/);
      }
    });

    it(`ships wrappers in ${wrappers} that are executable POSIX sh scripts`, () => {
      const names = readdirSync(join(REPO_ROOT, wrappers));
      expect(names).toContain(agent);
      for (const name of names) {
        const path = join(REPO_ROOT, wrappers, name);
        expect(statSync(path).mode & 0o111, `${name} executable`).toBe(0o111);
        expect(readFileSync(path, 'utf8').startsWith('#!/bin/sh\n'), `${name} #!/bin/sh`).toBe(true);
        const syntax = spawnSync('sh', ['-n', path], { encoding: 'utf8' });
        expect(syntax.status, `${name}: ${syntax.stderr}`).toBe(0);
      }
    });
  });
}
