import type { MntrCollector } from './collector.ts';
import { SERVER_PREFIX } from './naming.ts';

/** zk_version as an info series: `zookeeper_version_info{version="3.9.5",revision="293c…"} 1`. */
export const version: MntrCollector = {
  name: 'version',
  collect(mntr) {
    const raw = mntr.get('zk_version')?.raw;
    if (raw === undefined) return [];
    // "3.9.5-293c895a…, built on 2026-02-11 20:18 UTC"; Debian's 3.8.0 says "3.8.0-${mvngit.commit.id}, …".
    const match = /^([^-,\s]+)(?:-([^,\s]*))?/.exec(raw);
    const labels = { version: match?.[1] ?? raw, revision: match?.[2] ?? '' };
    return [
      {
        name: `${SERVER_PREFIX}version_info`,
        help: 'ZooKeeper mntr zk_version, as labels; always 1.',
        type: 'gauge',
        values: [{ labels, value: 1 }],
      },
    ];
  },
};
