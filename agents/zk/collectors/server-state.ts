import type { MntrCollector } from './collector.ts';
import { SERVER_PREFIX } from './naming.ts';

// The values ZooKeeper's ServerState/getState() print; every one gets a series so that
// `zookeeper_server_state{state="leader"} == 1` works as an alert expression even when it is 0.
const STATES = ['leader', 'follower', 'observer', 'standalone', 'read-only'];

/** zk_server_state (a string) as one 0/1 gauge per state. */
export const serverState: MntrCollector = {
  name: 'server-state',
  collect(mntr) {
    const state = mntr.get('zk_server_state')?.raw;
    if (state === undefined) return [];
    const states = STATES.includes(state) ? STATES : [...STATES, state];
    const values = states.map((s) => ({ labels: { state: s }, value: s === state ? 1 : 0 }));
    return [
      {
        name: `${SERVER_PREFIX}server_state`,
        help: 'ZooKeeper mntr zk_server_state: 1 for the current state.',
        type: 'gauge',
        values,
      },
    ];
  },
};
