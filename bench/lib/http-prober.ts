// A long-lived HTTP prober, as the kubelet's is: started once (by bench/docker-probes.ts, inside a pod's
// network namespace with nsenter), it reads one path per line on stdin, GETs it from 127.0.0.1:<port>
// on a new connection (the kubelet's prober disables keep-alive) with a 1 s timeout, and answers one
// JSON line: the status and the CPU this process spent on that probe, in ms.
import { request } from 'node:http';
import { createInterface } from 'node:readline';

const port = Number(process.argv[2]);

function get(path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

console.log(JSON.stringify({ ready: true }));
for await (const path of createInterface({ input: process.stdin })) {
  const before = process.cpuUsage();
  const status = await get(path);
  const used = process.cpuUsage(before);
  console.log(JSON.stringify({ status, cpuMs: (used.user + used.system) / 1000 }));
}
