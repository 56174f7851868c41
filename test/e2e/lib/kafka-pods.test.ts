// meta.properties as the e2e tests compare it before and after a fault: keys and values only, so a
// broker that rewrites the file (with a new date comment) on the same identity still compares equal.
import { describe, expect, it } from 'vitest';
import { parseMetaProperties } from './kafka-pods.ts';

describe('parseMetaProperties', () => {
  it('keeps keys and values, drops the date comment Kafka writes above them', () => {
    const text =
      '#\n#Tue Dec 01 22:40:00 UTC 2026\nnode.id=2\ndirectory.id=a-b=c\ncluster.id=q1Sh-9_ISia_zwGINzRvyQ\nversion=1\n';
    expect(parseMetaProperties(text)).toEqual({
      'node.id': '2',
      'directory.id': 'a-b=c',
      'cluster.id': 'q1Sh-9_ISia_zwGINzRvyQ',
      version: '1',
    });
  });

  it('tells two identities apart', () => {
    expect(parseMetaProperties('broker.id=1\n')).not.toEqual(parseMetaProperties('broker.id=2\n'));
  });
});
