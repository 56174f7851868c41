// Test hosts for Node processes: a pod's DNS name (kafka-1.kafka-hs.test.local) resolves as the
// kubelet's DNS would, from the file named by TEST_HOSTS_FILE (`<ip> <name>…` lines), like the JVMs'
// -Djdk.net.hosts.file. Loaded with `node --require` (NODE_OPTIONS) into the agents the tests start, and
// by tools/harness/test-hosts.ts into the test process; names not in the file resolve as usual. Never in
// the product: a pod has real DNS.
/* eslint-disable @typescript-eslint/no-require-imports, no-undef -- a CommonJS preload (node --require) */
'use strict';
const dns = require('node:dns');
const fs = require('node:fs');

if (!dns.lookup.testHosts) {
  const original = dns.lookup;
  const table = () => {
    const map = new Map();
    let text;
    try {
      text = process.env.TEST_HOSTS_FILE ? fs.readFileSync(process.env.TEST_HOSTS_FILE, 'utf8') : '';
    } catch {
      return map;
    }
    for (const line of text.split('\n')) {
      const [ip, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
      if (ip) for (const name of names) map.set(name.toLowerCase(), ip);
    }
    return map;
  };
  dns.lookup = function lookup(hostname, options, callback) {
    const cb = typeof options === 'function' ? options : callback;
    const opts =
      typeof options === 'function' ? {} : typeof options === 'number' ? { family: options } : options || {};
    const ip = typeof hostname === 'string' ? table().get(hostname.toLowerCase()) : undefined;
    if (!ip) return original.call(dns, hostname, options, callback);
    process.nextTick(() => (opts.all ? cb(null, [{ address: ip, family: 4 }]) : cb(null, ip, 4)));
    return {};
  };
  dns.lookup.testHosts = true;
}
