// `<agent>_tls_certificate_expiry_timestamp_seconds{file}`: when the mounted certificates run out, read at
// each scrape so a renewed Secret shows at once. cert-manager renews well ahead (at two thirds of the
// lifetime by default): an expiry that comes within days means renewal has stopped, which is what the
// alert on this gauge is for. A file that cannot be read has no series (and the agent logs nothing per
// scrape): an absent series is what `absent()` alerts on.
import { Gauge, type Registry } from 'prom-client';
import { certificateExpiry } from './expiry.ts';
import type { ServerTls } from './server-tls.ts';

export function registerTlsExpiry(
  registry: Registry,
  prefix: 'zk_agent' | 'kafka_agent',
  tls: ServerTls,
): void {
  new Gauge({
    name: `${prefix}_tls_certificate_expiry_timestamp_seconds`,
    help: 'When the earliest certificate of the mounted file expires, in seconds since the epoch.',
    labelNames: ['file'],
    registers: [registry],
    collect() {
      this.reset();
      for (const file of [tls.certFile, tls.caFile]) {
        try {
          this.set({ file }, Math.min(...certificateExpiry(file)));
        } catch {
          // Unreadable for now (a Secret being swapped): no series this scrape.
        }
      }
    },
  });
}
