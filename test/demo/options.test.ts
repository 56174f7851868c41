import { describe, expect, it } from 'vitest';
import { parseDemoOptions, USAGE } from '../../tools/demo/options.ts';

describe('the demo command line', () => {
  it('reads --docker, --kraft, --check and --remove-volumes together', () => {
    expect(parseDemoOptions(['--docker', '--kraft', '--check', '--remove-volumes'], {})).toEqual({
      check: true,
      debian: false,
      kraft: true,
      docker: true,
      cluster: false,
      removeVolumes: true,
    });
  });

  it('runs the host demo when no flag is given, and --check also comes from DEMO_EXIT_AFTER_QUORUM=1', () => {
    expect(parseDemoOptions([], { DEMO_EXIT_AFTER_QUORUM: '1' })).toEqual({
      check: true,
      debian: false,
      kraft: false,
      docker: false,
      cluster: false,
      removeVolumes: false,
    });
  });

  it('refuses --remove-volumes without --docker, and --debian with --docker, as usage errors', () => {
    expect(parseDemoOptions(['--remove-volumes'], {})).toEqual({
      exit: 2,
      text: `--remove-volumes is for --docker (the host demo keeps no volumes)\n${USAGE}`,
    });
    expect(parseDemoOptions(['--docker', '--debian'], {})).toMatchObject({ exit: 2 });
    expect(parseDemoOptions(['--dokcer'], {})).toEqual({
      exit: 2,
      text: `unknown option --dokcer\n${USAGE}`,
    });
  });

  it('reads --cluster with --kraft and --check, and refuses it with --docker or --debian', () => {
    expect(parseDemoOptions(['--cluster', '--kraft', '--check'], {})).toMatchObject({
      cluster: true,
      kraft: true,
      check: true,
      docker: false,
    });
    expect(parseDemoOptions(['--cluster', '--docker'], {})).toMatchObject({ exit: 2 });
    expect(parseDemoOptions(['--cluster', '--debian'], {})).toMatchObject({ exit: 2 });
  });
});
