// `npm run cluster -- up` with something to build and no Go module proxy: one line naming the proxy
// and the build, before any build starts (a real `go` against a port nothing listens on).
import { afterEach, describe, expect, it } from 'vitest';
import { buildMissing } from '../../tools/cluster/builds.ts';

const saved = process.env.GOPROXY;
afterEach(() => {
  if (saved === undefined) delete process.env.GOPROXY;
  else process.env.GOPROXY = saved;
});

describe('the cluster builds without a Go module proxy', () => {
  it('stop before building, with one line naming the proxy and what needed it', () => {
    process.env.GOPROXY = 'http://127.0.0.1:9';
    let ran = false;
    const build = { name: 'kind v0', outputs: ['not-built-by-any-test'], run: () => (ran = true) };
    expect(() => buildMissing([build])).toThrow(
      /^building kind v0 needs the Go module proxy \(GOPROXY=http:\/\/127\.0\.0\.1:9\), which did not answer: .*connection refused$/,
    );
    expect(ran).toBe(false);
  });

  it('do not ask the proxy when nothing is missing', () => {
    process.env.GOPROXY = 'http://127.0.0.1:9';
    expect(() => buildMissing([])).not.toThrow();
  });
});
