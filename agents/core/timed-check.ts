// A check whose every run is timed into a histogram with a `check` label (both agents'
// <agent>_check_duration_seconds): the timer stops whether the check answers or throws.
import type { Histogram } from 'prom-client';
import type { Check } from './check.ts';

export function timedCheck<Deps>(histogram: Histogram<'check'>, check: Check<Deps>): Check<Deps> {
  return {
    name: check.name,
    async run(deps) {
      const end = histogram.startTimer({ check: check.name });
      try {
        return await check.run(deps);
      } finally {
        end();
      }
    },
  };
}
