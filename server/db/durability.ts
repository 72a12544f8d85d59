import { closeSync, fsync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Group commit at the fsync level. Callers that committed a transaction call `flush()`; one fsync of the WAL
 * file runs at a time in libuv's thread pool, and every caller that arrived while it ran is covered by the
 * next one. The first caller after an idle period starts an fsync at once, so latency stays one fsync.
 */
export class WalFlusher {
  private fd: number | null = null;
  private inFlight: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(private readonly walPath: string | null) {}

  flush(): Promise<void> {
    if (this.walPath === null) return Promise.resolve();
    if (!this.inFlight) {
      this.inFlight = this.runFsync().finally(() => {
        this.inFlight = null;
      });
      return this.inFlight;
    }
    // A running fsync may have started before this caller's commit: wait for the one after it.
    if (!this.next) {
      this.next = this.inFlight.then(() => {
        this.next = null;
        return this.flush();
      });
    }
    return this.next;
  }

  private runFsync(): Promise<void> {
    return new Promise((resolve, reject) => {
      const fd = this.openWal();
      if (fd === null) return resolve(); // nothing was ever written: nothing to make durable
      fsync(fd, (err) => (err ? reject(err) : resolve()));
    });
  }

  private openWal(): number | null {
    // The -wal file exists from the first write on; SQLite keeps the same inode while the database is open.
    if (this.fd === null) {
      try {
        this.fd = openSync(this.walPath!, 'r+');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    }
    return this.fd;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** Makes a file's data, or a directory's entries, durable. Injected (Ctx.durable) so tests can slow it down. */
export type DurablePath = (path: string) => Promise<void>;

/**
 * fsync of a file or a directory. A renamed or new file survives power loss only once its directory is
 * fsynced too; callers do both before a row names the file.
 */
export const fsyncPath: DurablePath = async (path) => {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};
