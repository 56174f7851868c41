// The JMX exporter java agent's text, fetched from 127.0.0.1 with a deadline. node:http rather than
// fetch(): fetch loads undici, several MiB the sidecar would carry for one local GET.
import { request } from 'node:http';

export function fetchJmxText(port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/metrics',
        headers: { accept: 'text/plain; version=0.0.4' },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks).toString('utf8'))
            : reject(new Error(`the JMX exporter answered HTTP ${res.statusCode}`)),
        );
        res.on('error', reject);
      },
    );
    const deadline = setTimeout(
      () =>
        req.destroy(new Error(`the JMX exporter on 127.0.0.1:${port} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    deadline.unref();
    req.on('close', () => clearTimeout(deadline));
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ECONNREFUSED'
          ? new Error(
              `the JMX exporter does not listen on 127.0.0.1:${port} (broker starting, or its jar is missing from $KAFKA_HOME/libs)`,
            )
          : error,
      ),
    );
    req.end();
  });
}
