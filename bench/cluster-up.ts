// `npm run cluster -- up`, warm, to all nodes Ready: not run here (the cluster is shared, and `up`
// refuses while one is up), but read from what the last `up` recorded in .kube/state/timings.json
// (tools/cluster/index.ts): `kind create cluster` to all four nodes Ready, and `up` in all.
import { join } from 'node:path';
import { STATE } from '../tools/cluster/versions.ts';
import { readUpTimings } from './lib/cluster-kube.ts';
import { fmt, type Row } from './lib/table.ts';

const GOAL_S = 90;
/** Every Go build of the cluster takes over a minute: a shorter check built nothing. */
const WARM_BINARIES_S = 60;

export function benchClusterUp(file = join(STATE, 'timings.json')): Row[] {
  const timings = readUpTimings(file);
  if (!timings)
    return [
      {
        name: 'npm run cluster -- up: kind create → all nodes Ready',
        value: 'not recorded',
        baseline: `no ${file}: the last up predates the record, or none ran`,
        ratio: '-',
        goal: `≤ ${GOAL_S} s`,
        met: undefined,
      },
    ];
  const ready = Number(timings.createToReadySeconds);
  const total = Number(timings.totalSeconds);
  const binaries = Number(timings.binariesSeconds);
  const warm = binaries < WARM_BINARIES_S;
  return [
    {
      name: `npm run cluster -- up (${String(timings.at)}): kind create → all nodes Ready`,
      value: fmt(ready, 's', 1),
      baseline: `up in all: ${fmt(total, 's', 0)}; binaries ${warm ? 'warm' : 'built'} (${fmt(binaries, 's', 0)})`,
      ratio: '-',
      goal: `≤ ${GOAL_S} s`,
      met: ready <= GOAL_S,
    },
  ];
}
