// $(VAR) expansion against the cases of Kubernetes' own expand_test.go that matter to manifests.
import { describe, expect, it } from 'vitest';
import { expand, mappingFor } from './expansion.ts';

const vars = new Map([
  ['VAR_A', 'A'],
  ['VAR_B', 'B'],
  ['EMPTY', ''],
]);
const run = (input: string) => expand(input, mappingFor(vars));

describe('$(VAR) expansion as the kubelet does it', () => {
  it.each([
    ['$(VAR_A)', 'A'],
    ['___$(VAR_A)___$(VAR_B)', '___A___B'],
    ['$(VAR_A)$(VAR_B)', 'AB'],
    ['$(EMPTY)x', 'x'],
  ])('replaces a defined reference: %s → %s', (input, output) => {
    expect(run(input)).toBe(output);
  });

  it.each([
    ['$(UNDEFINED)', '$(UNDEFINED)'],
    ['x$(UNDEFINED)y$(VAR_A)', 'x$(UNDEFINED)yA'],
    ['$()', '$()'],
  ])('leaves an undefined reference as written: %s', (input, output) => {
    expect(run(input)).toBe(output);
  });

  it.each([
    ['$$(VAR_A)', '$(VAR_A)'],
    ['$$$(VAR_A)', '$A'],
    ['$$$$(VAR_A)', '$$(VAR_A)'],
    ['a$$b', 'a$b'],
  ])('turns $$ into one literal $: %s → %s', (input, output) => {
    expect(run(input)).toBe(output);
  });

  it.each([
    ['$(VAR_A', '$(VAR_A'],
    ['$VAR_A', '$VAR_A'],
    ['$(hostname -f)', '$(hostname -f)'],
    ['trailing$', 'trailing$'],
    ['$', '$'],
    ['$(VAR_A$(VAR_B)', '$(VAR_A$(VAR_B)'],
    ['$(incomplete $(VAR_B)', '$(incomplete $(VAR_B)'],
  ])('copies what is not a complete reference unchanged: %s', (input, output) => {
    expect(run(input)).toBe(output);
  });

  it('takes a name from the first map that has it', () => {
    const first = new Map([['X', 'first']]);
    const second = new Map([
      ['X', 'second'],
      ['Y', 'y'],
    ]);
    expect(expand('$(X)-$(Y)', mappingFor(first, second))).toBe('first-y');
  });
});
