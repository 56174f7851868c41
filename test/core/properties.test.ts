import { describe, expect, it } from 'vitest';
import { escapePropertyValue, renderProperties } from '../../agents/core/properties.ts';

describe('escapePropertyValue (read back by java.util.Properties.load)', () => {
  it('leaves plain values alone, including = and : inside a value', () => {
    expect(escapePropertyValue('zk-0.zk-svc.default.svc.cluster.local:2888:3888')).toBe(
      'zk-0.zk-svc.default.svc.cluster.local:2888:3888',
    );
    expect(escapePropertyValue('a=b')).toBe('a=b');
  });

  it('doubles a backslash, which Properties.load would otherwise eat', () => {
    expect(escapePropertyValue('C:\\zk\\data')).toBe('C:\\\\zk\\\\data');
  });

  it('keeps a trailing backslash from joining the next line', () => {
    expect(escapePropertyValue('dir\\')).toBe('dir\\\\');
  });

  it('escapes leading whitespace, which Properties.load would strip', () => {
    expect(escapePropertyValue(' padded')).toBe('\\ padded');
    expect(escapePropertyValue('\tx')).toBe('\\\tx');
    expect(escapePropertyValue('inner space')).toBe('inner space');
  });

  it('writes anything outside printable ASCII as \\uXXXX (Properties.load reads ISO-8859-1)', () => {
    expect(escapePropertyValue('über')).toBe('\\u00fcber');
    expect(escapePropertyValue('東京')).toBe('\\u6771\\u4eac');
  });

  it('writes a character outside the BMP as its UTF-16 surrogate pair', () => {
    expect(escapePropertyValue('🐘')).toBe('\\ud83d\\udc18');
  });

  it('escapes control characters other than line breaks', () => {
    expect(escapePropertyValue('a\u0007b')).toBe('a\\u0007b');
  });

  it('throws on a line break rather than let a value become a new key', () => {
    expect(() => escapePropertyValue('x\nserver.9=evil:1:2')).toThrow(/line break/);
    expect(() => escapePropertyValue('x\rserver.9=evil:1:2')).toThrow(/line break/);
  });
});

describe('renderProperties', () => {
  it('writes the header as comments, then key=value lines, ending with a newline', () => {
    expect(
      renderProperties(
        [
          ['clientPort', '2181'],
          ['dataDir', '/data'],
        ],
        ['Written by a test'],
      ),
    ).toBe('# Written by a test\nclientPort=2181\ndataDir=/data\n');
  });

  it('refuses a key that could break the file', () => {
    for (const key of ['', 'a b', 'a=b', '#x', 'a\nb', 'a:b']) {
      expect(() => renderProperties([[key, 'v']]), JSON.stringify(key)).toThrow(/unsafe property key/);
    }
  });

  it('refuses a header line with a line break', () => {
    expect(() => renderProperties([], ['ok\nserver.9=evil:1:2'])).toThrow(/line break/);
  });
});
