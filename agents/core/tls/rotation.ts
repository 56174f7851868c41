// Certificate rotation without a restart. The kubelet renews a mounted Secret by writing the new files
// into a fresh timestamped directory and renaming a `..data` symlink over the old one, so the three files
// change at once, at some moment the pod is not told about. The agent notices (an fs.watch on the
// directory for promptness, a poll because watches on a volume can miss events), checks the new material
// as strictly as at start-up, writes the server's keystore and truststore again, and then has the server
// reload them (onRotated: Kafka through its dynamic configuration; ZooKeeper watches its files itself).
// Material that fails the checks is logged once and not used: the server keeps the certificate it has.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { writeFilesAtomic } from '../atomic-write.ts';
import { AgentError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { checkTlsMaterial } from './material.ts';
import { serverTlsFiles, type ServerTls } from './server-tls.ts';

export interface TlsWatchOptions {
  readonly tls: ServerTls;
  /** The names the certificate must cover (as at start-up). */
  readonly names: readonly string[];
  readonly logger: Logger;
  /** How often the files are compared when no watch event came; 2 s by default. */
  readonly intervalMs?: number;
  /** Told after the server's files were rewritten; the serial is the new leaf's, in hex. */
  readonly onRotated: (serialHex: string) => Promise<void>;
}

export interface TlsWatch {
  stop(): void;
}

/** What the mounted material is now: a digest of the three files, or why one could not be read. */
export function materialFingerprint(tls: ServerTls): string {
  const hash = createHash('sha256');
  for (const file of [tls.certFile, tls.keyFile, tls.caFile]) {
    try {
      hash.update(readFileSync(file));
    } catch (error) {
      hash.update(`unreadable ${file} ${(error as NodeJS.ErrnoException).code}`);
    }
    hash.update('\u0000');
  }
  return hash.digest('hex');
}

/** The serial of the server certificate in `certFile` (hex, as openssl prints it). */
export function leafSerial(certFile: string): string {
  return new X509Certificate(readFileSync(certFile)).serialNumber;
}

export function watchServerTls(options: TlsWatchOptions): TlsWatch {
  const { tls, names, logger } = options;
  // What the server has loaded: the files it was started with (the agent wrote them from this material).
  let loaded = materialFingerprint(tls);
  let loadedSerial = safeSerial(tls.certFile);
  // Material already judged unusable, so a bad Secret is reported once, not at every poll.
  let refused: string | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  async function look(): Promise<void> {
    const seen = materialFingerprint(tls);
    if (seen === loaded || seen === refused) return;
    const problems = checkTlsMaterial({ ...tls, names, now: new Date() });
    if (problems.length > 0) {
      refused = seen;
      logger.error(
        { problems },
        `the renewed certificate in ${tls.dir} cannot be used; the server keeps the one it has: ${problems.join('; ')}`,
      );
      return;
    }
    const serial = leafSerial(tls.certFile);
    try {
      writeFilesAtomic(serverTlsFiles(tls, names, new Date()));
      await options.onRotated(serial);
    } catch (error) {
      // Not marked loaded: the next look tries again (rewriting the same files is harmless).
      const why = error instanceof AgentError ? error.message : String(error);
      logger.error(`loading the renewed certificate (serial ${serial}) failed, will retry: ${why}`);
      return;
    }
    logger.info(`certificate rotated: serial ${loadedSerial} → ${serial}`);
    loaded = seen;
    loadedSerial = serial;
    refused = undefined;
  }

  // One look at a time; events during a look ask for one more after it.
  function trigger(): void {
    if (running) {
      again = true;
      return;
    }
    running = look()
      .catch((error: unknown) => logger.error(`checking the mounted certificate failed: ${String(error)}`))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          trigger();
        }
      });
  }

  const timer = setInterval(trigger, options.intervalMs ?? 2000);
  timer.unref();
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(tls.dir, { persistent: false }, () => trigger());
    watcher.on('error', () => watcher?.close());
  } catch {
    // No watch on this volume: the poll alone finds the change.
  }
  return {
    stop() {
      clearInterval(timer);
      watcher?.close();
    },
  };
}

function safeSerial(certFile: string): string {
  try {
    return leafSerial(certFile);
  } catch {
    return 'unknown';
  }
}
