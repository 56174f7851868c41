import { describe, expect, it } from 'vitest';
import { parseDemoOptions, USAGE } from '../../tools/demo/options.ts';

describe('the demo command line', () => {
  it('runs the host demo when no flag is given, and --check also comes from DEMO_EXIT_AFTER_QUORUM=1', () => {
    expect(parseDemoOptions([], { DEMO_EXIT_AFTER_QUORUM: '1' })).toEqual({
      check: true,
      debian: false,
      kraft: false,
      cluster: false,
    });
  });

  it('reads --cluster with --kraft and --check, and refuses it with --debian', () => {
    expect(parseDemoOptions(['--cluster', '--kraft', '--check'], {})).toEqual({
      check: true,
      debian: false,
      kraft: true,
      cluster: true,
    });
    expect(parseDemoOptions(['--cluster', '--debian'], {})).toMatchObject({ exit: 2 });
    expect(parseDemoOptions(['--kraft', '--debian'], {})).toMatchObject({ exit: 2 });
  });

  it('answers the retired --docker with what replaced it, and an unknown flag with the usage', () => {
    expect(parseDemoOptions(['--docker', '--kraft'], {})).toEqual({
      exit: 2,
      text: expect.stringMatching(/^--docker is gone: .*npm run demo -- --cluster`\nusage:/) as string,
    });
    expect(parseDemoOptions(['--dokcer'], {})).toEqual({
      exit: 2,
      text: `unknown option --dokcer\n${USAGE}`,
    });
  });
});
