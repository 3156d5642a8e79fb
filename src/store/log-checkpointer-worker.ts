// The checkpointer thread (started by log-writer-thread.ts): copies the WAL back into the database
// file when the writer says the WAL has grown, on its own connection. A PASSIVE checkpoint never
// blocks the writer (WAL lets one writer and a checkpointer work at once), so the writer's commits,
// and the acknowledgements waiting on them, no longer stall behind the two fsyncs and the megabytes
// of page copies a checkpoint costs (docs/adr/0007-log-writer-thread.md).

import { workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface CheckpointerData {
  path: string;
  /** The writer posts `'checkpoint'` here (`'close'` ends the thread); each checkpoint answers the WAL's length in frames. */
  port: MessagePort;
  /** Set to 1 (and notified) once this thread's connection is closed, which the writer waits for on close. */
  closed: SharedArrayBuffer;
}

const data = workerData as CheckpointerData;
const db = new Database(data.path);
// Under FULL, SQLite syncs the WAL before copying frames and the database before it lets the WAL
// restart: the order that keeps a crash mid-checkpoint recoverable.
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 1000');

/** Most rounds per request: each copies only what the writer appended during the previous one. */
const MAX_ROUNDS = 20;

/**
 * The WAL restarts from its beginning only when a writer finds every frame copied back. A PASSIVE
 * checkpoint copies what was committed when it began, while the writer keeps appending; so go
 * again, each round shorter, until a round finds nothing new (the writer paused between commits).
 */
function catchUp(): void {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    if (!r) return;
    if (r.log === r.checkpointed || round === MAX_ROUNDS - 1) {
      data.port.postMessage(r.log); // how long the WAL is: the writer steps in if it never restarts
      return;
    }
  }
}

data.port.on('message', (m: 'checkpoint' | 'close') => {
  if (m === 'close') {
    db.close();
    const closed = new Int32Array(data.closed);
    Atomics.store(closed, 0, 1);
    Atomics.notify(closed, 0);
    data.port.close();
    return;
  }
  try {
    catchUp();
  } catch {
    /* busy or failed: the writer asks again as the WAL keeps growing, and checkpoints itself past its hard limit */
  }
});
