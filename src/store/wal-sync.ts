// Makes the SQLite write-ahead log durable from outside SQLite: an fdatasync of the `-wal` file on
// libuv's thread pool, so the main thread never waits for the disk (docs/adr/0006-pipelined-wal-sync.md).
//
// Why a separate descriptor works: fdatasync flushes the file (the inode), not what was written
// through one descriptor, and SQLite keeps the same `-wal` inode for as long as a connection is
// open (it deletes the file only when the last connection closes; a WAL restart after a checkpoint
// overwrites it in place). The directory is fsynced once, because SQLite under synchronous=NORMAL
// would sync it only at its first checkpoint, and a file whose directory entry is lost is lost.

import { closeSync, fdatasync, fdatasyncSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Something that can make everything written to the log so far durable. Injectable for tests. */
export interface WalSyncer {
  /** Starts a sync covering every write already made; `done` is called once, with the error if it failed. */
  sync(done: (err: Error | null) => void): void;
  /** The same, blocking (shutdown). Throws if it failed. */
  syncNow(): void;
  /** Releases the descriptor once no sync is in flight. */
  close(): void;
}

export class WalFile implements WalSyncer {
  private fd: number | undefined;
  private inFlight = 0;
  private closing = false;

  constructor(private readonly walPath: string) {}

  /** Opens the log (it must exist: SQLite creates it on first use of a WAL database) and syncs its directory once. */
  open(): number {
    if (this.fd !== undefined) return this.fd;
    const fd = openSync(this.walPath, 'r+');
    try {
      syncDirectory(dirname(this.walPath));
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    return (this.fd = fd);
  }

  sync(done: (err: Error | null) => void): void {
    let fd: number;
    try {
      fd = this.open();
    } catch (err) {
      setImmediate(() => done(err as Error));
      return;
    }
    this.inFlight++;
    fdatasync(fd, (err) => {
      this.inFlight--;
      if (this.closing && this.inFlight === 0) this.release();
      done(err);
    });
  }

  syncNow(): void {
    fdatasyncSync(this.open());
  }

  close(): void {
    this.closing = true;
    // A sync still queued on the thread pool must not find its descriptor closed (or reused).
    if (this.inFlight === 0) this.release();
  }

  private release(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
